using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Slots;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Tests.Tracking;

public sealed class TrackerTests
{
    private static readonly Slot[] Slots = [new TextSlot("cuisine"), new TextSlot("location", JsonValue.Create("berlin"))];

    private static UserUttered User(string intent, double t = 1) =>
        new($"/{intent}", new JsonObject
        {
            ["text"] = $"/{intent}",
            ["intent"] = new JsonObject { ["name"] = intent, ["confidence"] = 1.0 },
            ["entities"] = new JsonArray(),
        }) { Timestamp = t };

    private static ActionExecuted Action(string name, double t = 1) => new(name) { Timestamp = t };

    private static SlotSet Slot(string name, string? value, double t = 1) => new(name, value is null ? null : JsonValue.Create(value)) { Timestamp = t };

    [Fact]
    public void A_new_tracker_has_initial_slot_values_and_the_empty_message()
    {
        var tracker = new Tracker("u1", Slots);

        var state = tracker.CurrentState(EventVerbosity.All);
        var expected = JsonNode.Parse("""
            {"sender_id":"u1","slots":{"cuisine":null,"location":"berlin"},
             "latest_message":{"text":null,"intent":{},"entities":[]},
             "latest_event_time":null,"paused":false,"events":[]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, state), state.ToJsonString());
    }

    [Fact]
    public void Slot_events_set_known_slots_and_unknown_names_are_stored_but_ignored()
    {
        var tracker = Tracker.FromEvents("u", Slots, [Slot("cuisine", "thai"), Slot("nonexistent", "x")]);

        Assert.Equal("thai", tracker.GetSlot("cuisine")!.GetValue<string>());
        Assert.False(tracker.Slots.ContainsKey("nonexistent"));
        Assert.Equal(2, tracker.Events.Count);
    }

    [Fact]
    public void Restart_resets_state_keeps_events_and_schedules_listen()
    {
        var tracker = Tracker.FromEvents("u", Slots,
            [Action("action_listen"), User("greet"), Slot("cuisine", "thai"), new ConversationPaused(), new ConversationRestarted { Timestamp = 2 }]);

        Assert.Null(tracker.GetSlot("cuisine"));
        Assert.Equal("berlin", tracker.GetSlot("location")!.GetValue<string>());
        Assert.False(tracker.Paused);
        Assert.Null(tracker.LatestIntentName);
        Assert.Null(tracker.LatestActionName);
        Assert.Equal("action_listen", tracker.FollowUpAction);
        Assert.Equal(5, tracker.Events.Count);
        Assert.Empty(tracker.AppliedEvents());
        Assert.Empty(tracker.EventsAfterLatestRestart());
    }

    [Fact]
    public void Reset_slots_puts_every_slot_back_to_its_initial_value()
    {
        var tracker = Tracker.FromEvents("u", Slots, [Slot("cuisine", "thai"), Slot("location", "rome"), new AllSlotsReset()]);
        Assert.Null(tracker.GetSlot("cuisine"));
        Assert.Equal("berlin", tracker.GetSlot("location")!.GetValue<string>());
    }

    [Fact]
    public void Undo_removes_the_latest_action_and_everything_after_it()
    {
        var tracker = Tracker.FromEvents("u", Slots,
            [Action("action_listen"), User("greet"), Action("utter_greet"), Slot("cuisine", "thai"), new ActionReverted()]);

        Assert.Equal("action_listen", tracker.LatestActionName);
        Assert.Null(tracker.GetSlot("cuisine"));
        Assert.Equal("greet", tracker.LatestIntentName);
        Assert.Equal(["action", "user"], tracker.AppliedEvents().Select(e => e.TypeName));
    }

    [Fact]
    public void Rewind_removes_the_latest_user_message_and_the_listen_before_it()
    {
        var tracker = Tracker.FromEvents("u", Slots,
            [Action("action_listen"), User("greet"), Action("utter_greet"), Action("action_listen"), User("inform"), Slot("cuisine", "thai"), new UserUtteranceReverted()]);

        Assert.Equal("utter_greet", tracker.LatestActionName);
        Assert.Equal("greet", tracker.LatestIntentName);
        Assert.Null(tracker.GetSlot("cuisine"));
        Assert.Equal(3, tracker.AppliedEvents().Count);
        Assert.Equal(7, tracker.Events.Count);
    }

    [Fact]
    public void Pause_and_resume_toggle_paused()
    {
        var tracker = new Tracker("u", Slots);
        tracker.Update(new ConversationPaused());
        Assert.True(tracker.Paused);
        tracker.Update(new ConversationResumed());
        Assert.False(tracker.Paused);
    }

    [Fact]
    public void Followup_event_schedules_an_action_and_the_latest_bot_message_is_kept()
    {
        var tracker = Tracker.FromEvents("u", Slots, [new FollowupAction("utter_greet"), new BotUttered("hi", null)]);
        Assert.Equal("utter_greet", tracker.FollowUpAction);
        Assert.Equal("hi", tracker.LatestBotUtterance!.Text);
    }

    [Fact]
    public void Latest_message_is_the_posted_parse_data_as_is()
    {
        var parseData = JsonNode.Parse("""{"intent":{"name":"inform","confidence":0.4},"entities":[],"extra":"kept"}""")!.AsObject();
        var tracker = Tracker.FromEvents("u", Slots, [new UserUttered(null, parseData)]);

        Assert.True(JsonNode.DeepEquals(parseData, tracker.CurrentState(EventVerbosity.None)["latest_message"]));
    }

    [Fact]
    public void Event_verbosity_selects_which_events_are_rendered()
    {
        var tracker = Tracker.FromEvents("u", Slots,
            [Action("action_listen", 1), User("greet", 2), Action("utter_greet", 3), new ActionReverted { Timestamp = 4 },
             new ConversationRestarted { Timestamp = 5 }, Action("action_listen", 6)]);

        Assert.Null(tracker.CurrentState(EventVerbosity.None)["events"]);
        Assert.Equal(6, tracker.CurrentState(EventVerbosity.All)["events"]!.AsArray().Count);
        Assert.Single(tracker.CurrentState(EventVerbosity.AfterRestart)["events"]!.AsArray());
        Assert.Single(tracker.CurrentState(EventVerbosity.Applied)["events"]!.AsArray());
        Assert.Equal(6.0, tracker.CurrentState(EventVerbosity.None)["latest_event_time"]!.GetValue<double>());
    }

    [Fact]
    public void Travel_back_in_time_rebuilds_from_events_up_to_the_timestamp()
    {
        var tracker = Tracker.FromEvents("u", Slots,
            [Action("action_listen", 1), User("greet", 2), Slot("cuisine", "thai", 3), Slot("cuisine", "greek", 4)]);

        var past = tracker.TravelBackInTime(3);

        Assert.Equal("thai", past.GetSlot("cuisine")!.GetValue<string>());
        Assert.Equal(3, past.Events.Count);
        Assert.Equal("greek", tracker.GetSlot("cuisine")!.GetValue<string>());
    }

    [Fact]
    public void Spec_example_tracker_after_parse_and_continue_renders_exactly()
    {
        // spec §4.5: after parse /greet and continue utter_greet
        var parseData = JsonNode.Parse("""{"text": "/greet", "intent": {"name": "greet", "confidence": 1.0}, "intent_ranking": [{"name": "greet", "confidence": 1.0}], "entities": []}""")!.AsObject();
        var tracker = Tracker.FromEvents("myid", [new TextSlot("cuisine"), new TextSlot("location")],
            [Action("action_listen", 1527677101.92), new UserUttered("/greet", parseData) { Timestamp = 1527677102.01 },
             Action("utter_greet", 1527677102.40), Action("action_listen", 1527677102.41)]);

        var expected = JsonNode.Parse("""
            {
              "sender_id": "myid",
              "slots": {"cuisine": null, "location": null},
              "latest_message": {"text": "/greet", "intent": {"name": "greet", "confidence": 1.0},
                                 "intent_ranking": [{"name": "greet", "confidence": 1.0}], "entities": []},
              "latest_event_time": 1527677102.41,
              "paused": false,
              "events": [
                {"event": "action", "name": "action_listen", "timestamp": 1527677101.92},
                {"event": "user", "text": "/greet", "timestamp": 1527677102.01,
                 "parse_data": {"text": "/greet", "intent": {"name": "greet", "confidence": 1.0},
                                "intent_ranking": [{"name": "greet", "confidence": 1.0}], "entities": []}},
                {"event": "action", "name": "utter_greet", "timestamp": 1527677102.40},
                {"event": "action", "name": "action_listen", "timestamp": 1527677102.41}
              ]
            }
            """);
        var actual = tracker.CurrentState(EventVerbosity.AfterRestart);
        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
        Assert.Contains("\"latest_event_time\":1527677102.41", actual.ToJsonString());
        Assert.Contains("\"confidence\":1.0", actual.ToJsonString());
    }
}
