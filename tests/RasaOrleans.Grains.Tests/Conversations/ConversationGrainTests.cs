using System.Text.Json.Nodes;
using RasaOrleans.Abstractions.Conversations;

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

        FaultInjectingGrainStorage.FailingKeys[ConversationKey.For("default", id)] = true;
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
        var grain = Conversation(NewId());
        const int Requests = 60;
        var calls = Enumerable.Range(0, Requests).Select(i => grain.AppendEventsAsync(
            $$"""[{"event": "slot", "name": "name", "value": "a{{i}}"}, {"event": "bot", "text": "b{{i}}"}]""", TrackerEvents.None));
        var replies = await Task.WhenAll(calls);
        Assert.All(replies, r => Assert.Equal(200, r.Status));

        var events = Body(await grain.GetTrackerAsync(AllEvents))["events"]!.AsArray().Skip(1).ToList();
        Assert.Equal(2 * Requests, events.Count);
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
    public async Task Stored_conversations_are_listed_by_the_bot_directory()
    {
        var id = NewId();
        await Conversation(id).GetTrackerAsync(AllEvents);

        var ids = await fixture.Client.GetGrain<IConversationDirectoryGrain>("default").ListAsync();

        Assert.Contains(id, ids);
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
        Assert.NotEmpty(messages);
    }
}
