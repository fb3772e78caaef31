using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

/// <summary>The conversation routes on the shipped greetbot (no ../shared needed).</summary>
public sealed class ConversationRoutesTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    private readonly RasaClient _client = new(factory.CreateClient());

    private static JsonArray Bot(string text) => [new JsonObject { ["event"] = "bot", ["text"] = text }];

    [Fact]
    public async Task Parse_returns_the_next_action_and_the_tracker_without_events()
    {
        var id = RasaClient.NewId();
        var (status, body) = await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("utter_greet", body!["next_action"]!.GetValue<string>());
        var tracker = body["tracker"]!;
        Assert.Equal(id, tracker["sender_id"]!.GetValue<string>());
        Assert.Equal("greet", tracker["latest_message"]!["intent"]!["name"]!.GetValue<string>());
        Assert.False(tracker["paused"]!.GetValue<bool>());
        Assert.Null(tracker["events"]);
        Assert.True(tracker.AsObject().ContainsKey("events"));
    }

    [Fact]
    public async Task Parse_accepts_q_and_prefers_query_when_both_are_given()
    {
        var id = RasaClient.NewId();
        var (_, viaQ) = await _client.PostAsync($"/conversations/{id}/parse", """{"q": "/goodbye"}""");
        Assert.Equal("utter_goodbye", viaQ!["next_action"]!.GetValue<string>());

        var other = RasaClient.NewId();
        var (_, both) = await _client.PostAsync($"/conversations/{other}/parse", """{"q": "/goodbye", "query": "/greet", "extra": 1}""");
        Assert.Equal("greet", both!["tracker"]!["latest_message"]!["intent"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("query")]
    [InlineData("q")]
    public async Task Parse_by_get_reads_the_query_string(string key)
    {
        var id = RasaClient.NewId();
        var (status, body) = await _client.GetAsync($"/conversations/{id}/parse?{key}=%2Fgreet");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("utter_greet", body!["next_action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parse_reads_json_whatever_the_content_type()
    {
        var id = RasaClient.NewId();
        using var form = new StringContent("""{"query": "/greet"}""", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.Http.PostAsync($"/conversations/{id}/parse", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utter_greet", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["next_action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Singular_conversation_spelling_reaches_the_same_conversation()
    {
        var id = RasaClient.NewId();
        await _client.PostAsync($"/conversation/{id}/parse", """{"query": "/greet"}""");

        var tracker = await _client.TrackerAsync(id);
        Assert.Equal("/greet", tracker["latest_message"]!["text"]!.GetValue<string>());
        var (status, singular) = await _client.GetAsync($"/conversation/{id}/tracker");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(tracker.ToJsonString(), singular!.ToJsonString());
    }

    [Fact]
    public async Task Remote_client_loop_follows_the_greetbot_stories_and_stops_at_action_listen()
    {
        var id = RasaClient.NewId();

        Assert.Equal(["utter_greet"], await _client.HandleMessageAsync(id, "/greet", a => Bot(a)));
        Assert.Equal(["utter_cheer_up", "utter_did_that_help"], await _client.HandleMessageAsync(id, "/mood_unhappy", a => Bot(a)));
        Assert.Equal(["utter_happy"], await _client.HandleMessageAsync(id, "/affirm", a => Bot(a)));

        var events = (await _client.TrackerAsync(id))["events"]!.AsArray();
        var logged = events.Where(e => e!["event"]!.GetValue<string>() == "action").Select(e => e!["name"]!.GetValue<string>());
        Assert.Equal(
            ["action_listen", "utter_greet", "action_listen", "utter_cheer_up", "utter_did_that_help", "action_listen", "utter_happy", "action_listen"],
            logged);
        Assert.Equal(4, events.Count(e => e!["event"]!.GetValue<string>() == "bot"));
        Assert.Equal("action", events[^1]!["event"]!.GetValue<string>());
    }

    [Fact]
    public async Task Entities_matching_slots_fill_them()
    {
        var id = RasaClient.NewId();
        Assert.Equal(["utter_greet_name"], await _client.HandleMessageAsync(id, """/greet{"name": "Ann"}"""));

        Assert.Equal("Ann", (await _client.TrackerAsync(id))["slots"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Continue_with_action_listen_returns_info_and_appends_nothing()
    {
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, "/greet");
        var before = await _client.TrackerTextAsync(id);

        var (status, body) = await _client.PostAsync($"/conversations/{id}/continue",
            """{"executed_action": "action_listen", "events": [{"event": "slot", "name": "name", "value": "x"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body!["next_action"]);
        Assert.StartsWith("You do not need to call continue after action listen", body["info"]!.GetValue<string>());
        Assert.Equal(before, await _client.TrackerTextAsync(id));
    }

    [Fact]
    public async Task Continue_with_an_unknown_action_is_400_and_leaves_the_tracker_unchanged()
    {
        var id = RasaClient.NewId();
        await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""");
        var before = await _client.TrackerTextAsync(id);

        var (status, body) = await _client.PostAsync($"/conversations/{id}/continue",
            """{"executed_action": "utter_no_such_thing", "events": [{"event": "slot", "name": "name", "value": "x"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("utter_no_such_thing", body!["error"]!.GetValue<string>());
        Assert.Equal(before, await _client.TrackerTextAsync(id));
    }

    [Fact]
    public async Task Continue_without_executed_action_appends_the_events_and_predicts()
    {
        var id = RasaClient.NewId();
        await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""");

        var (status, body) = await _client.PostAsync($"/conversations/{id}/continue", """{"events": [{"event": "slot", "name": "name", "value": "Bo"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bo", body!["tracker"]!["slots"]!["name"]!.GetValue<string>());
        Assert.NotNull(body["next_action"]);
    }

    [Fact]
    public async Task Restart_sequence_resets_the_conversation_and_hides_earlier_events_by_default()
    {
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, """/greet{"name": "Ann"}""");
        var (_, parsed) = await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/restart"}""");
        Assert.Equal("action_restart", parsed!["next_action"]!.GetValue<string>());

        var (status, body) = await _client.PostAsync($"/conversations/{id}/continue",
            """{"executed_action": "action_restart", "events": [{"event": "restart"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("action_listen", body!["next_action"]!.GetValue<string>());
        Assert.Null(body["tracker"]!["slots"]!["name"]);
        Assert.False(body["tracker"]!["paused"]!.GetValue<bool>());
        Assert.Null(body["tracker"]!["latest_message"]!["text"]);

        var visible = (await _client.TrackerAsync(id))["events"]!.AsArray();
        var only = Assert.Single(visible);
        Assert.Equal("action_listen", only!["name"]!.GetValue<string>());

        var all = (await _client.TrackerAsync(id, "?ignore_restarts=true"))["events"]!.AsArray();
        Assert.Contains(all, e => e!["event"]!.GetValue<string>() == "restart");
        Assert.Contains(all, e => e!["event"]!.GetValue<string>() == "user");
        Assert.True(all.Count > 5);
    }

    [Fact]
    public async Task Paused_conversation_predicts_nothing_but_keeps_the_message_until_resumed()
    {
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, "/greet");
        await _client.PostAsync($"/conversations/{id}/tracker/events", """[{"event": "pause"}]""");

        var (status, body) = await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/goodbye"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body!["next_action"]);
        Assert.Equal("Bot is currently paused and no restart was received yet.", body["info"]!.GetValue<string>());
        Assert.True(body["tracker"]!["paused"]!.GetValue<bool>());

        // Our deviation from 0.10: the message is stored, not dropped.
        var tracker = await _client.TrackerAsync(id);
        Assert.Equal("/goodbye", tracker["events"]!.AsArray().Last(e => e!["event"]!.GetValue<string>() == "user")!["text"]!.GetValue<string>());

        await _client.PostAsync($"/conversations/{id}/tracker/events", """[{"event": "resume"}]""");
        var (_, resumed) = await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/goodbye"}""");
        Assert.Equal("utter_goodbye", resumed!["next_action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rewind_event_removes_the_last_user_message()
    {
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, "/greet");
        await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/mood_unhappy"}""");

        var (status, body) = await _client.PostAsync($"/conversations/{id}/continue", """{"executed_action": null, "events": [{"event": "rewind"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("greet", body!["tracker"]!["latest_message"]!["intent"]!["name"]!.GetValue<string>());
        var applied = (await _client.TrackerAsync(id, "?include_events=APPLIED"))["events"]!.AsArray();
        Assert.DoesNotContain(applied, e => e!["text"]?.GetValue<string>() == "/mood_unhappy");
    }

    [Fact]
    public async Task Undo_event_reverts_the_last_action()
    {
        var id = RasaClient.NewId();
        await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""");
        await _client.PostAsync($"/conversations/{id}/tracker/events", """[{"event": "action", "name": "utter_goodbye"}]""");

        await _client.PostAsync($"/conversations/{id}/tracker/events", """[{"event": "undo"}]""");

        var applied = (await _client.TrackerAsync(id, "?include_events=applied"))["events"]!.AsArray();
        Assert.DoesNotContain(applied, e => e!["name"]?.GetValue<string>() == "utter_goodbye");
        Assert.Equal("user", applied[^1]!["event"]!.GetValue<string>());
        var all = (await _client.TrackerAsync(id, "?include_events=ALL"))["events"]!.AsArray();
        Assert.Equal("undo", all[^1]!["event"]!.GetValue<string>());
    }

    [Fact]
    public async Task New_tracker_has_one_action_listen_and_empty_latest_message()
    {
        var id = RasaClient.NewId();
        var tracker = await _client.TrackerAsync(id);

        var only = Assert.Single(tracker["events"]!.AsArray());
        Assert.Equal("action_listen", only!["name"]!.GetValue<string>());
        JsonAssert.Equivalent(JsonNode.Parse("""{"text": null, "intent": {}, "entities": []}"""), tracker["latest_message"]);
        Assert.Contains(id, (await _client.GetAsync("/conversations")).Body!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("?events=true", 4)]
    [InlineData("?events=TRUE", 4)]
    [InlineData("?events=false", -1)]
    [InlineData("?events=yes", -1)]
    [InlineData("?events=", -1)]
    [InlineData("?ignore_restarts=true", 11)]
    [InlineData("?ignore_restarts=false", 4)]
    [InlineData("?events=false&ignore_restarts=true", -1)]
    [InlineData("?include_events=AFTER_RESTART", 4)]
    [InlineData("?include_events=all", 11)]
    [InlineData("?include_events=Applied", 4)]
    [InlineData("?include_events=NONE", -1)]
    [InlineData("?include_events=ALL&events=false", 11)]
    public async Task Tracker_verbosity_options_choose_which_events_are_shown(string query, int expectedEvents)
    {
        // listen, user, utter_greet, listen | user(/restart), action_restart, restart, listen | user, utter_greet, listen
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, "/greet");
        await _client.HandleMessageAsync(id, "/restart", a => a == "action_restart" ? [new JsonObject { ["event"] = "restart" }] : []);
        await _client.HandleMessageAsync(id, "/greet");

        var events = (await _client.TrackerAsync(id, query))["events"];

        if (expectedEvents < 0)
        {
            Assert.Null(events);
        }
        else
        {
            Assert.Equal(expectedEvents, events!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Tracker_until_rebuilds_the_state_at_a_point_in_time()
    {
        var id = RasaClient.NewId();
        await _client.PutAsync($"/conversations/{id}/tracker", """
            [{"event": "action", "name": "action_listen", "timestamp": 100},
             {"event": "slot", "name": "name", "value": "early", "timestamp": 200},
             {"event": "slot", "name": "name", "value": "late", "timestamp": 300}]
            """);

        var at250 = await _client.TrackerAsync(id, "?until=250");
        var at150 = await _client.TrackerAsync(id, "?until=150.5");
        var now = await _client.TrackerAsync(id);

        Assert.Equal("early", at250["slots"]!["name"]!.GetValue<string>());
        Assert.Equal(2, at250["events"]!.AsArray().Count);
        Assert.Null(at150["slots"]!["name"]);
        Assert.Equal("late", now["slots"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_tracker_replaces_the_conversation_with_exactly_the_posted_events()
    {
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, "/greet");

        var (status, body) = await _client.PutAsync($"/conversations/{id}/tracker",
            """[{"event": "slot", "name": "name", "value": "mexican"}, {"event": "action", "name": "action_listen"}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("mexican", body!["slots"]!["name"]!.GetValue<string>());
        JsonAssert.Equivalent(JsonNode.Parse("""{"text": null, "intent": {}, "entities": []}"""), body["latest_message"]);
        var events = body["events"]!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.NotNull(e!["timestamp"]));
        Assert.Equal(body.ToJsonString(), (await _client.TrackerAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task Put_tracker_events_is_the_later_spelling_of_replace()
    {
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, "/greet");

        var (status, body) = await _client.PutAsync($"/conversations/{id}/tracker/events", """[{"event": "slot", "name": "name", "value": "Zoe"}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(body!["events"]!.AsArray());
        Assert.Single((await _client.TrackerAsync(id))["events"]!.AsArray());
    }

    [Fact]
    public async Task Post_tracker_events_with_a_list_appends_and_answers_without_events()
    {
        var id = RasaClient.NewId();
        var (status, body) = await _client.PostAsync($"/conversations/{id}/tracker/events",
            """[{"event": "slot", "name": "name", "value": "Ann"}, {"no_event_key": true}, {"event": "bot", "text": "hi"}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body!["events"]);
        Assert.Equal("Ann", body["slots"]!["name"]!.GetValue<string>());
        var events = (await _client.TrackerAsync(id))["events"]!.AsArray();
        Assert.Equal(["action", "slot", "bot"], events.Select(e => e!["event"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Post_tracker_events_with_one_object_appends_and_answers_with_events()
    {
        var id = RasaClient.NewId();
        var (status, body) = await _client.PostAsync($"/conversations/{id}/tracker/events", """{"event": "slot", "name": "name", "value": "Ann"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body!["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task Conversations_lists_the_stored_ids()
    {
        var first = RasaClient.NewId();
        var second = RasaClient.NewId();
        await _client.PostAsync($"/conversations/{first}/parse", """{"query": "/greet"}""");
        await _client.GetAsync($"/conversations/{second}/tracker");

        var (status, body) = await _client.GetAsync("/conversations");

        Assert.Equal(HttpStatusCode.OK, status);
        var ids = body!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains(first, ids);
        Assert.Contains(second, ids);
    }

    [Fact]
    public async Task Conversations_pages_through_the_ids_with_limit_and_after()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N");
        string[] ids = [prefix + "-c", prefix + "-a", prefix + "-b"];
        foreach (var id in ids)
        {
            await _client.GetAsync($"/conversations/{id}/tracker");
        }

        var (_, first) = await _client.GetAsync($"/conversations?limit=2&after={prefix}");
        var (_, rest) = await _client.GetAsync($"/conversations?limit=2&after={prefix}-b");
        var (status, answer) = await _client.GetAsync("/conversations?limit=0");

        Assert.Equal([prefix + "-a", prefix + "-b"], first!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(prefix + "-c", rest!.AsArray()[0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'limit'", answer!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_parse_sent_again_with_its_idempotency_key_is_answered_as_before_and_logged_once()
    {
        var id = RasaClient.NewId();
        async Task<string> ParseAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/conversations/{id}/parse") { Content = new StringContent("""{"query": "/greet"}""") };
            request.Headers.Add("Idempotency-Key", "message-1");
            using var response = await _client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var first = await ParseAsync();
        var again = await ParseAsync();

        Assert.Equal(first, again);
        var events = (await _client.TrackerAsync(id, "?include_events=ALL"))["events"]!.AsArray();
        Assert.Single(events, e => e!["event"]!.GetValue<string>() == "user");
    }

    [Fact]
    public async Task Respond_runs_the_templates_on_the_server()
    {
        var id = RasaClient.NewId();
        var (status, body) = await _client.PostAsync($"/conversations/{id}/respond", """{"query": "/greet"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equivalent(JsonNode.Parse($$"""
            [{"recipient_id": "{{id}}", "text": "Hey! How are you?",
              "data": [{"title": "great", "payload": "/mood_great"}, {"title": "super sad", "payload": "/mood_unhappy"}]}]
            """), body);

        var (_, sad) = await _client.GetAsync($"/conversations/{id}/respond?q=%2Fmood_unhappy");
        Assert.Equal(
            ["Here is something to cheer you up:", "Image: https://picsum.photos/id/237/300/200", "Did that help you?"],
            sad!.AsArray().Select(m => m!["text"]!.GetValue<string>()));
        var events = (await _client.TrackerAsync(id))["events"]!.AsArray();
        Assert.Equal("action_listen", events[^1]!["name"]!.GetValue<string>());
        Assert.Contains(events, e => e!["event"]!.GetValue<string>() == "bot");
    }

    [Fact]
    public async Task Predict_scores_every_action_and_leaves_the_tracker_unchanged()
    {
        var id = RasaClient.NewId();
        await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""");
        var before = await _client.TrackerTextAsync(id);

        var (status, body) = await _client.PostAsync($"/conversations/{id}/predict", "");

        Assert.Equal(HttpStatusCode.OK, status);
        var scores = body!["scores"]!.AsArray();
        Assert.Contains(scores, s => s!["action"]!.GetValue<string>() == "action_listen");
        var best = scores.MaxBy(s => s!["score"]!.GetValue<double>())!;
        Assert.Equal("utter_greet", best["action"]!.GetValue<string>());
        Assert.NotNull(body["tracker"]!["events"]);
        Assert.Equal(before, await _client.TrackerTextAsync(id));
    }

    [Fact]
    public async Task Concurrent_single_event_appends_to_one_conversation_are_all_stored()
    {
        var id = RasaClient.NewId();
        await _client.GetAsync($"/conversations/{id}/tracker");

        var appends = Enumerable.Range(0, 50).Select(i => _client.PostAsync($"/conversations/{id}/tracker/events",
            new JsonObject { ["event"] = "slot", ["name"] = "name", ["value"] = $"v{i}" }.ToJsonString()));
        var results = await Task.WhenAll(appends);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var slots = (await _client.TrackerAsync(id))["events"]!.AsArray().Where(e => e!["event"]!.GetValue<string>() == "slot").ToList();
        Assert.Equal(50, slots.Count);
        Assert.Equal(50, slots.Select(e => e!["value"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_parse_calls_to_different_conversations_each_get_their_answer()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => RasaClient.NewId()).ToList();

        var results = await Task.WhenAll(ids.Select(id => _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""")));

        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, results[i].Status);
            Assert.Equal(ids[i], results[i].Body!["tracker"]!["sender_id"]!.GetValue<string>());
            Assert.Equal("utter_greet", results[i].Body!["next_action"]!.GetValue<string>());
        }
    }
}
