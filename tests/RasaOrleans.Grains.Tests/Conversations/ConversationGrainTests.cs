using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Grains.Models;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Grains.Tests.Conversations;

[Collection(ConversationClusterCollection.Name)]
public sealed class ConversationGrainTests(ConversationClusterFixture fixture)
{
    private static readonly TrackerQuery AllEvents = new(TrackerEvents.All, null);

    private static string NewId() => "test-" + Guid.NewGuid().ToString("N");

    private IConversationGrain Conversation(string id, string bot = "default") =>
        fixture.Client.GetGrain<IConversationGrain>(ConversationKey.For(bot, id));

    private static JsonObject Body(ConversationReply reply) => JsonNode.Parse(reply.Json)!.AsObject();

    private static string? NextAction(ConversationReply reply) => Body(reply)["next_action"]?.GetValue<string>();

    [Fact]
    public async Task Parse_and_continue_run_the_remote_client_loop()
    {
        var grain = Conversation(NewId());

        var parse = await grain.ParseAsync("/greet");
        Assert.Equal(200, parse.Status);
        Assert.Equal("utter_greet", NextAction(parse));
        Assert.Equal("action_listen", NextAction(await grain.ContinueAsync("utter_greet", """[{"event": "bot", "text": "Hey! How are you?"}]""")));

        var tracker = Body(await grain.GetTrackerAsync(AllEvents));
        Assert.Equal(["action", "user", "action", "bot", "action"], tracker["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_tracker_survives_deactivation()
    {
        var grain = Conversation(NewId());
        await grain.ParseAsync("""/greet{"name": "Ada"}""");
        await grain.ContinueAsync("utter_greet_name", "[]");
        var before = (await grain.GetTrackerAsync(AllEvents)).Json;

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(before, (await grain.GetTrackerAsync(AllEvents)).Json);
        Assert.Equal("Ada", Body(await grain.GetTrackerAsync(AllEvents))["slots"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_write_changes_neither_the_stored_nor_the_served_tracker()
    {
        var id = NewId();
        var grain = Conversation(id);
        await grain.ParseAsync("/greet");
        var before = (await grain.GetTrackerAsync(AllEvents)).Json;

        FaultInjectingGrainStorage.FailingKeys[ConversationKey.For("default", id)] = FaultInjectingGrainStorage.Fault.BeforeWrite;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => grain.ContinueAsync("utter_greet", "[]"));
        }
        finally
        {
            FaultInjectingGrainStorage.FailingKeys.TryRemove(ConversationKey.For("default", id), out _);
        }

        Assert.Equal(before, (await grain.GetTrackerAsync(AllEvents)).Json);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(before, (await grain.GetTrackerAsync(AllEvents)).Json);
    }

    [Fact]
    public async Task A_turn_whose_write_failed_is_counted_as_failed_and_its_retry_as_accepted()
    {
        var id = NewId();
        var grain = Conversation(id);
        using var recorder = new TurnRecorder(fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress));
        await grain.ParseAsync("/greet");

        FaultInjectingGrainStorage.FailingKeys[ConversationKey.For("default", id)] = FaultInjectingGrainStorage.Fault.BeforeWrite;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => grain.ContinueAsync("utter_greet", "[]"));
        }
        finally
        {
            FaultInjectingGrainStorage.FailingKeys.TryRemove(ConversationKey.For("default", id), out _);
        }

        await grain.ContinueAsync("utter_greet", "[]");

        Assert.Equal(["parse accepted", "continue failed", "continue accepted"], recorder.Turns);
    }

    [Fact]
    public async Task A_failed_first_write_of_a_new_conversation_stores_and_answers_nothing()
    {
        var id = NewId();
        var grain = Conversation(id);
        FaultInjectingGrainStorage.FailingKeys[ConversationKey.For("default", id)] = FaultInjectingGrainStorage.Fault.BeforeWrite;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => grain.ParseAsync("/greet"));
        }
        finally
        {
            FaultInjectingGrainStorage.FailingKeys.TryRemove(ConversationKey.For("default", id), out _);
        }

        var silo = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);
        var catalog = (IConversationCatalog)silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations);
        Assert.DoesNotContain(id, await catalog.ListConversationsAsync("default", null, null, CancellationToken.None));

        // the next request starts the conversation afresh: one user message, not two
        await grain.ParseAsync("/greet");
        Assert.Single(Body(await grain.GetTrackerAsync(AllEvents))["events"]!.AsArray(), e => e!["event"]!.GetValue<string>() == "user");
    }

    [Fact]
    public async Task A_write_that_fails_after_it_committed_is_answered_as_the_success_it_was()
    {
        var id = NewId();
        var grain = Conversation(id);
        await grain.ParseAsync("/greet");

        FaultInjectingGrainStorage.FailingKeys[ConversationKey.For("default", id)] = FaultInjectingGrainStorage.Fault.AfterCommit;
        ConversationReply reply;
        try
        {
            reply = await grain.ContinueAsync("utter_greet", """[{"event": "bot", "text": "Hey! How are you?"}]""");
        }
        finally
        {
            FaultInjectingGrainStorage.FailingKeys.TryRemove(ConversationKey.For("default", id), out _);
        }

        Assert.Equal(200, reply.Status);
        Assert.Equal("action_listen", NextAction(reply));
        var served = (await grain.GetTrackerAsync(AllEvents)).Json;
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(served, (await grain.GetTrackerAsync(AllEvents)).Json);
        Assert.Equal(
            ["action", "user", "action", "bot", "action"],
            Body(await grain.GetTrackerAsync(AllEvents))["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));

        // and the conversation goes on: the next write is not refused as a stale one
        Assert.Equal(200, (await grain.ParseAsync("/goodbye")).Status);
    }

    [Fact]
    public async Task A_write_sent_again_with_its_request_id_is_answered_as_before_and_applied_once()
    {
        var grain = Conversation(NewId());
        await grain.ParseAsync("/greet");

        ConversationReply first, again, replaced, replacedAgain;
        RequestContext.Set(RequestIds.ContextKey, "request-1");
        try
        {
            first = await grain.ContinueAsync("utter_greet", """[{"event": "bot", "text": "Hey!"}]""");
            again = await grain.ContinueAsync("utter_greet", """[{"event": "bot", "text": "Hey!"}]""");
            Assert.Equal(
                ["action", "user", "action", "bot", "action"],
                Body(await grain.GetTrackerAsync(AllEvents))["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));
            RequestContext.Set(RequestIds.ContextKey, "request-2");
            replaced = await grain.ReplaceEventsAsync("""[{"event": "action", "name": "action_listen"}]""");
            replacedAgain = await grain.ReplaceEventsAsync("""[{"event": "action", "name": "action_listen"}]""");
        }
        finally
        {
            RequestContext.Remove(RequestIds.ContextKey);
        }

        Assert.Equal(first, again);
        Assert.Equal(replaced, replacedAgain);
        await fixture.Cluster.DeactivateAsync(grain);
        RequestContext.Set(RequestIds.ContextKey, "request-2");
        try
        {
            // the id and the answer are stored with the write: a new activation (another silo) knows them too
            Assert.Equal(replaced, await grain.ReplaceEventsAsync("""[{"event": "action", "name": "action_listen"}]"""));
        }
        finally
        {
            RequestContext.Remove(RequestIds.ContextKey);
        }

        Assert.Single(Body(await grain.GetTrackerAsync(AllEvents))["events"]!.AsArray());
        Assert.Equal("action_listen", NextAction(first));
    }

    [Fact]
    public async Task Bad_input_is_a_400_reply_and_leaves_the_tracker_as_it_was()
    {
        var grain = Conversation(NewId());
        await grain.ParseAsync("/greet");
        var before = (await grain.GetTrackerAsync(AllEvents)).Json;

        Assert.Equal(400, (await grain.ContinueAsync("utter_greet", "[{\"event\": \"nope\"}]")).Status);
        Assert.Equal(400, (await grain.ContinueAsync("utter_greet", "not json")).Status);
        Assert.Equal(400, (await grain.ContinueAsync("no_such_action", "[]")).Status);
        Assert.Equal(400, (await grain.AppendEventsAsync("[{\"event\": \"slot\"}]", TrackerEvents.None)).Status);
        Assert.Equal(400, (await grain.ReplaceEventsAsync("{\"event\": \"slot\"}")).Status);

        Assert.Equal(before, (await grain.GetTrackerAsync(AllEvents)).Json);
    }

    [Fact]
    public async Task Concurrent_requests_to_one_conversation_run_one_at_a_time_and_lose_nothing()
    {
        var id = NewId();
        var grain = Conversation(id);
        await grain.GetTrackerAsync(AllEvents);
        var gate = new WriteGate();
        FaultInjectingGrainStorage.Gates[ConversationKey.For("default", id)] = gate;
        const int Requests = 20;
        Task<ConversationReply>[] appends;
        Task<ConversationReply> read;
        bool othersRanMeanwhile;
        try
        {
            // the first request is held in the middle of its turn, at its write; the others arrive meanwhile
            var first = grain.AppendEventsAsync("""[{"event": "slot", "name": "name", "value": "a0"}, {"event": "bot", "text": "b0"}]""", TrackerEvents.None);
            await gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            appends = [first, .. Enumerable.Range(1, Requests - 1).Select(i => grain.AppendEventsAsync(
                $$"""[{"event": "slot", "name": "name", "value": "a{{i}}"}, {"event": "bot", "text": "b{{i}}"}]""", TrackerEvents.None))];
            read = grain.GetTrackerAsync(AllEvents);

            // a reentrant grain would answer the read, or let another write reach the store, while the first waits
            var others = appends.Skip(1).Append(read).Select(t => (Task)t).Append(gate.Overlapped);
            await Task.WhenAny(Task.WhenAny(others), Task.Delay(TimeSpan.FromMilliseconds(500)));
            othersRanMeanwhile = read.IsCompleted || appends.Skip(1).Any(a => a.IsCompleted) || gate.Overlapped.IsCompleted;
        }
        finally
        {
            gate.Open();
            FaultInjectingGrainStorage.Gates.TryRemove(ConversationKey.For("default", id), out _);
        }

        var replies = await Task.WhenAll(appends);
        Assert.False(othersRanMeanwhile, "another request to the conversation ran while the first was in the middle of its turn");
        Assert.Equal(1, gate.MaxInside);
        Assert.All(replies, r => Assert.Equal(200, r.Status));

        // the read ran after the first request: it sees its events
        var seen = Body(await read)["events"]!.AsArray();
        Assert.Contains(seen, e => e!["event"]!.GetValue<string>() == "slot" && e["value"]!.GetValue<string>() == "a0");

        var events = Body(await grain.GetTrackerAsync(AllEvents))["events"]!.AsArray().Skip(1).ToList();
        Assert.Equal(2 * Requests, events.Count);
        Assert.Equal("a0", events[0]!["value"]!.GetValue<string>());
        for (var i = 0; i < events.Count; i += 2)
        {
            // each request's two events are adjacent: no request interleaved with another
            var slot = events[i]!["value"]!.GetValue<string>();
            Assert.Equal("b" + slot[1..], events[i + 1]!["text"]!.GetValue<string>());
        }

        Assert.Equal(Requests, events.Where((_, i) => i % 2 == 0).Select(e => e!["value"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Different_conversations_are_independent()
    {
        var a = Conversation(NewId());
        var b = Conversation(NewId());
        await Task.WhenAll(a.ParseAsync("""/greet{"name": "Ada"}"""), b.ParseAsync("/greet"));

        Assert.Equal("Ada", Body(await a.GetTrackerAsync(AllEvents))["slots"]!["name"]!.GetValue<string>());
        Assert.Null(Body(await b.GetTrackerAsync(AllEvents))["slots"]!["name"]);
    }

    [Fact]
    public async Task Stored_conversations_are_listed_from_the_store_in_pages()
    {
        var bot = "listing-" + Guid.NewGuid().ToString("N");
        var silo = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);
        var catalog = (IConversationCatalog)silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations);
        silo.GetRequiredService<BotModels>().Load(bot, ConversationClusterFixture.GreetbotModel);
        string[] ids = ["b", "a", "c", "d"];
        foreach (var id in ids)
        {
            await Conversation(id, bot).GetTrackerAsync(AllEvents);
        }

        await Conversation("refused", bot).ContinueAsync("no_such_action", "[]");

        Assert.Equal(["a", "b", "c", "d"], await catalog.ListConversationsAsync(bot, null, null, CancellationToken.None));
        Assert.Equal(["a", "b"], await catalog.ListConversationsAsync(bot, 2, null, CancellationToken.None));
        Assert.Equal(["c", "d"], await catalog.ListConversationsAsync(bot, 2, "b", CancellationToken.None));
        Assert.Empty(await catalog.ListConversationsAsync(bot, 2, "d", CancellationToken.None));
    }

    [Fact]
    public async Task Stored_conversations_are_listed_newest_first_by_the_memory_catalog()
    {
        var bot = "recent-" + Guid.NewGuid().ToString("N");
        var silo = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);
        var catalog = (IConversationCatalog)silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations);
        silo.GetRequiredService<BotModels>().Load(bot, ConversationClusterFixture.GreetbotModel);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await Conversation(id, bot).GetTrackerAsync(AllEvents);
        }

        await Conversation("a", bot).ParseAsync("/greet");

        var all = await catalog.ListRecentConversationsAsync(bot, new RecentConversationsQuery(10), CancellationToken.None);
        var next = await catalog.ListRecentConversationsAsync(bot, new RecentConversationsQuery(2, After: all[1].Cursor), CancellationToken.None);
        Assert.Equal(["a", "c", "b"], all.Select(c => c.Id));
        Assert.True(all[0].EventCount > all[1].EventCount);
        Assert.Equal(["b"], next.Select(c => c.Id));
        Assert.Equal(["c"], (await catalog.ListRecentConversationsAsync(bot, new RecentConversationsQuery(10, "C"), CancellationToken.None)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_bot_without_a_model_answers_503()
    {
        var reply = await Conversation(NewId(), bot: "unknown-bot").ParseAsync("/greet");
        Assert.Equal(503, reply.Status);
        Assert.Contains("No agent loaded", reply.Json);
    }

    [Fact]
    public async Task Replacing_the_events_rewrites_the_log_durably()
    {
        var grain = Conversation(NewId());
        await grain.ParseAsync("/greet");
        var reply = await grain.ReplaceEventsAsync("""[{"event": "slot", "name": "name", "value": "Grace"}, {"event": "action", "name": "action_listen"}]""");
        Assert.Equal(200, reply.Status);

        await fixture.Cluster.DeactivateAsync(grain);

        var tracker = Body(await grain.GetTrackerAsync(AllEvents));
        Assert.Equal(2, tracker["events"]!.AsArray().Count);
        Assert.Equal("Grace", tracker["slots"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Respond_runs_the_bots_utterances()
    {
        var reply = await Conversation(NewId()).RespondAsync("/mood_unhappy");
        var messages = JsonNode.Parse(reply.Json)!.AsArray();

        Assert.Equal(200, reply.Status);
        Assert.Equal(
            ["Here is something to cheer you up:", "Image: https://picsum.photos/id/237/300/200", "Did that help you?"],
            messages.Select(m => m!["text"]!.GetValue<string>()));
        Assert.All(messages, m => Assert.StartsWith("test-", m!["recipient_id"]!.GetValue<string>(), StringComparison.Ordinal));
    }
}
