using System.Text.Json.Nodes;
using RasaOrleans.Core.Conversations;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Tests.Conversations;

public sealed class ConversationEngineTests
{
    private const string DomainYaml = """
        intents: [greet, inform, thankyou, restart, nonsense]
        entities: [cuisine]
        slots:
          cuisine: {type: text}
        templates:
          utter_greet:
            - text: "hey there!"
              buttons:
                - {title: "thai", payload: '/inform{"cuisine": "thai"}'}
          utter_ask_location: ["Where in {cuisine} land?"]
          utter_goodbye: ["goodbye :(\n\nsee you"]
          utter_default: ["default message"]
        actions: [utter_greet, utter_ask_location, utter_goodbye, utter_default, action_search]
        """;

    private const string Stories = """
        ## greet then inform
        * greet
          - utter_greet
        * inform{"cuisine": "thai"}
          - action_search
          - utter_ask_location

        ## thanks
        * thankyou
          - utter_goodbye
        """;

    private static readonly DomainSpec Domain = DomainSpec.Parse(DomainYaml);
    private static readonly PolicyEnsemble Ensemble = new(Domain,
        [MemoizationPolicy.Train(new StateFeaturizer(Domain), new TrainingDataGenerator(Domain).Generate(StoryReader.ReadMarkdown(Stories)), 3, true)]);

    private readonly ConversationEngine _engine = new(
        Domain,
        text => ValueTask.FromResult(new RegexInterpreter().Parse(text)),
        tracker => ValueTask.FromResult(Ensemble.PredictWithPolicies(tracker)),
        TimeProvider.System);

    private static string? NextAction(TurnOutcome outcome) => outcome.Body["next_action"]?.GetValue<string>();

    private static string Snapshot(Tracker tracker) => tracker.CurrentState(EventVerbosity.All).ToJsonString();

    [Fact]
    public void A_new_conversation_starts_with_one_action_listen()
    {
        var tracker = _engine.NewTracker("u");
        var e = Assert.Single(tracker.Events);
        Assert.Equal("action_listen", Assert.IsType<ActionExecuted>(e).Name);
    }

    [Fact]
    public async Task Parse_logs_the_message_and_entity_slots_and_answers_the_first_action()
    {
        var tracker = _engine.NewTracker("u");
        var outcome = await _engine.ParseAsync(tracker, "/greet");

        Assert.Equal(200, outcome.Status);
        Assert.Equal("utter_greet", NextAction(outcome));
        Assert.Null(outcome.Body["tracker"]!["events"]);
        Assert.Equal("greet", outcome.Body["tracker"]!["latest_message"]!["intent"]!["name"]!.GetValue<string>());
        Assert.Equal(["action", "user"], tracker.Events.Select(e => e.TypeName));
    }

    [Fact]
    public async Task The_remote_client_loop_runs_until_action_listen_which_the_server_records()
    {
        var tracker = _engine.NewTracker("u");
        Assert.Equal("utter_greet", NextAction(await _engine.ParseAsync(tracker, "/greet")));
        var after = await _engine.ContinueAsync(tracker, "utter_greet", new JsonArray());
        Assert.Equal("action_listen", NextAction(after));
        Assert.Equal("action_listen", Assert.IsType<ActionExecuted>(tracker.Events[^1]).Name);

        Assert.Equal("action_search", NextAction(await _engine.ParseAsync(tracker, """/inform{"cuisine": "thai"}""")));
        Assert.Equal("thai", tracker.GetSlot("cuisine")!.GetValue<string>());
        var search = await _engine.ContinueAsync(tracker, "action_search", JsonNode.Parse("""[{"event": "slot", "name": "cuisine", "value": "thai"}]"""));
        Assert.Equal("utter_ask_location", NextAction(search));
        Assert.Equal("action_listen", NextAction(await _engine.ContinueAsync(tracker, "utter_ask_location", null)));
    }

    [Fact]
    public async Task Continue_with_an_unknown_action_is_a_400_and_changes_nothing()
    {
        var tracker = _engine.NewTracker("u");
        await _engine.ParseAsync(tracker, "/greet");
        var before = Snapshot(tracker);

        var outcome = await _engine.ContinueAsync(tracker, "utter_nonexistent", new JsonArray());

        Assert.Equal(400, outcome.Status);
        Assert.Contains("Can not execute action 'utter_nonexistent'", outcome.Body["error"]!.GetValue<string>());
        Assert.Equal(before, Snapshot(tracker));
    }

    [Theory]
    [InlineData("""[{"event": "dance"}]""", "Unknown event name 'dance'")]
    [InlineData("""[{"event": "slot", "name": "cuisine", "value": "thai"}, {"event": "user"}]""", "event #1")]
    [InlineData("""{"event": "slot"}""", "expected a JSON list of events")]
    public async Task Continue_with_malformed_events_is_a_400_and_appends_nothing(string events, string expected)
    {
        var tracker = _engine.NewTracker("u");
        await _engine.ParseAsync(tracker, "/greet");
        var before = Snapshot(tracker);

        var outcome = await _engine.ContinueAsync(tracker, "utter_greet", JsonNode.Parse(events));

        Assert.Equal(400, outcome.Status);
        Assert.Contains(expected, outcome.Body["error"]!.GetValue<string>());
        Assert.Equal(before, Snapshot(tracker));
    }

    [Fact]
    public async Task Continue_after_action_listen_discards_the_events_and_says_to_call_parse()
    {
        var tracker = _engine.NewTracker("u");
        var before = Snapshot(tracker);
        var outcome = await _engine.ContinueAsync(tracker, "action_listen", JsonNode.Parse("""[{"event": "pause"}]"""));

        Assert.Null(NextAction(outcome));
        Assert.Equal(ConversationEngine.ListenAfterListenInfo, outcome.Body["info"]!.GetValue<string>());
        Assert.Equal(before, Snapshot(tracker));
    }

    [Fact]
    public async Task Restart_sequence_resets_slots_and_answers_action_listen()
    {
        var tracker = _engine.NewTracker("u");
        await _engine.ParseAsync(tracker, """/inform{"cuisine": "thai"}""");
        Assert.Equal("action_restart", NextAction(await _engine.ParseAsync(tracker, "/restart")));

        var outcome = await _engine.ContinueAsync(tracker, "action_restart", JsonNode.Parse("""[{"event": "restart"}]"""));

        Assert.Equal("action_listen", NextAction(outcome));
        Assert.Null(tracker.GetSlot("cuisine"));
        var events = tracker.CurrentState(EventVerbosity.AfterRestart)["events"]!.AsArray();
        Assert.Equal("action_listen", Assert.Single(events)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_intent_answers_action_restart_until_a_restart_event_arrives()
    {
        var tracker = _engine.NewTracker("u");
        Assert.Equal("action_restart", NextAction(await _engine.ParseAsync(tracker, "/restart")));
        Assert.Equal("action_restart", NextAction(await _engine.ContinueAsync(tracker, "action_restart", null)));
    }

    [Fact]
    public async Task A_paused_conversation_keeps_the_message_but_predicts_nothing_until_resumed()
    {
        var tracker = _engine.NewTracker("u");
        _engine.AppendEvents(tracker, JsonNode.Parse("""[{"event": "pause"}]"""), EventVerbosity.None);

        var paused = await _engine.ParseAsync(tracker, "/greet");
        Assert.Null(NextAction(paused));
        Assert.Equal(ConversationEngine.PausedInfo, paused.Body["info"]!.GetValue<string>());
        Assert.True(paused.Body["tracker"]!["paused"]!.GetValue<bool>());
        Assert.IsType<UserUttered>(tracker.Events[^1]);

        _engine.AppendEvents(tracker, JsonNode.Parse("""[{"event": "resume"}]"""), EventVerbosity.None);
        Assert.Equal("utter_greet", NextAction(await _engine.ParseAsync(tracker, "/greet")));
    }

    [Fact]
    public async Task Continue_stamps_posted_events_with_the_server_time()
    {
        var tracker = _engine.NewTracker("u");
        await _engine.ParseAsync(tracker, "/greet");
        await _engine.ContinueAsync(tracker, "utter_greet", JsonNode.Parse("""[{"event": "bot", "text": "hey there!", "timestamp": 12.0}]"""));

        var bot = tracker.Events.OfType<BotUttered>().Single();
        Assert.True(bot.Timestamp > 1_600_000_000);
    }

    [Fact]
    public void Append_events_list_answers_without_events_and_a_single_object_with_them()
    {
        var tracker = _engine.NewTracker("u");
        var list = _engine.AppendEvents(tracker, JsonNode.Parse("""[{"event": "slot", "name": "cuisine", "value": "greek"}]"""), EventVerbosity.None);
        Assert.Null(list.Body["events"]);
        Assert.Equal("greek", list.Body["slots"]!["cuisine"]!.GetValue<string>());

        var single = _engine.AppendEvents(tracker, JsonNode.Parse("""{"event": "slot", "name": "cuisine", "value": "thai"}"""), EventVerbosity.None);
        Assert.Equal(3, single.Body["events"]!.AsArray().Count);
    }

    [Fact]
    public void Replace_builds_a_tracker_from_exactly_the_posted_events()
    {
        var (tracker, outcome) = _engine.ReplaceEvents("u", JsonNode.Parse(
            """[{"event": "slot", "name": "cuisine", "value": "mexican"}, {"event": "action", "name": "action_listen"}]"""));

        Assert.NotNull(tracker);
        Assert.Equal(2, tracker.Events.Count);
        Assert.Equal("mexican", outcome.Body["slots"]!["cuisine"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"text": null, "intent": {}, "entities": []}"""), outcome.Body["latest_message"]));
    }

    [Fact]
    public async Task Respond_runs_utterances_with_buttons_filled_slots_and_split_paragraphs()
    {
        var tracker = _engine.NewTracker("default");
        var greet = (JsonArray)(await _engine.RespondAsync(tracker, "/greet", new TemplateRenderer(Domain))).Body;
        var expected = JsonNode.Parse("""[{"recipient_id": "default", "text": "hey there!", "data": [{"title": "thai", "payload": "/inform{\"cuisine\": \"thai\"}"}]}]""");
        Assert.True(JsonNode.DeepEquals(expected, greet), greet.ToJsonString());

        var thanks = (JsonArray)(await _engine.RespondAsync(tracker, "/thankyou", new TemplateRenderer(Domain))).Body;
        Assert.Equal(["goodbye :(", "see you"], thanks.Select(m => m!["text"]!.GetValue<string>()));

        // bot events are logged after the action that produced them (0.10)
        var types = tracker.Events.Select(e => e is ActionExecuted a ? a.Name : e.TypeName).ToList();
        Assert.Equal(["action_listen", "user", "utter_greet", "bot", "action_listen", "user", "utter_goodbye", "bot", "bot", "action_listen"], types);
    }

    [Fact]
    public async Task Actions_the_server_chooses_record_the_policy_and_confidence_that_chose_them()
    {
        var tracker = _engine.NewTracker("default");
        await _engine.RespondAsync(tracker, "/greet", new TemplateRenderer(Domain));

        var greet = tracker.Events.OfType<ActionExecuted>().Single(a => a.Name == "utter_greet");
        var listen = (ActionExecuted)tracker.Events[^1];
        Assert.Equal(MemoizationPolicy.AugmentedName, greet.Policy);
        Assert.Equal(1.0, greet.Confidence);
        Assert.Equal("action_listen", listen.Name);
        Assert.NotNull(listen.Policy);
        Assert.InRange(listen.Confidence!.Value, 0.0, 1.0);
        Assert.Null(((ActionExecuted)tracker.Events[0]).Policy);
    }

    [Fact]
    public async Task Predict_scores_every_action_and_changes_nothing()
    {
        var tracker = _engine.NewTracker("u");
        await _engine.ParseAsync(tracker, "/greet");
        var before = Snapshot(tracker);

        var outcome = await _engine.PredictAsync(tracker);

        var scores = outcome.Body["scores"]!.AsArray();
        Assert.Equal(Domain.ActionNames, scores.Select(s => s!["action"]!.GetValue<string>()));
        Assert.Equal("utter_greet", scores.MaxBy(s => s!["score"]!.GetValue<double>())!["action"]!.GetValue<string>());
        Assert.Equal(before, Snapshot(tracker));
    }

    [Fact]
    public async Task Predict_reports_a_pending_follow_up_without_consuming_it()
    {
        var tracker = _engine.NewTracker("u");
        _engine.AppendEvents(tracker, JsonNode.Parse("""[{"event": "followup", "name": "utter_goodbye"}]"""), EventVerbosity.None);

        var outcome = await _engine.PredictAsync(tracker);

        Assert.Equal(PolicyEnsemble.FollowUpRule, outcome.Body["policy"]!.GetValue<string>());
        Assert.Equal("utter_goodbye", tracker.FollowUpAction);
    }
}
