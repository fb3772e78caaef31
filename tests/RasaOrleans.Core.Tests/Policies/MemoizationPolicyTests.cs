using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Tests.Policies;

public sealed class MemoizationPolicyTests
{
    private const string DomainYaml = """
        intents: [greet, inform, affirm, deny, thankyou]
        entities: [cuisine, location]
        slots:
          cuisine: {type: text}
          location: {type: text}
          confirmed: {type: bool}
        templates:
          utter_greet: ["hi"]
          utter_ask_cuisine: ["what cuisine?"]
          utter_ask_location: ["where?"]
          utter_confirm: ["ok?"]
          utter_goodbye: ["bye"]
        actions: [utter_greet, utter_ask_cuisine, utter_ask_location, utter_confirm, utter_goodbye, action_search]
        """;

    private const string Stories = """
        ## full
        * greet
          - utter_greet
        * inform{"cuisine": "thai"}
          - utter_ask_location
        * inform{"location": "rome"}
          - utter_confirm
        * affirm
          - action_search
          - slot{"confirmed": true}
        * thankyou
          - utter_goodbye

        ## location first
        * greet
          - utter_greet
        * inform{"location": "rome"}
          - utter_ask_cuisine
        * inform{"cuisine": "thai"}
          - utter_confirm
        * deny
          - utter_greet
        """;

    private static readonly DomainSpec Domain = DomainSpec.Parse(DomainYaml);
    private static readonly RegexInterpreter Interpreter = new();

    private static MemoizationPolicy Train(bool augmented, int maxHistory = 3)
    {
        var trackers = new TrainingDataGenerator(Domain).Generate(StoryReader.ReadMarkdown(Stories));
        return MemoizationPolicy.Train(new StateFeaturizer(Domain), trackers, maxHistory, augmented);
    }

    private static Tracker Conversation(params string[] script)
    {
        var tracker = new Tracker("t", Domain.Slots);
        tracker.Update(new ActionExecuted("action_listen"));
        foreach (var line in script)
        {
            if (line.StartsWith('/'))
            {
                var parse = Interpreter.Parse(line);
                tracker.Update(new UserUttered(line, parse));
                foreach (var slot in EntitySlotFilling.SlotEventsFor(Domain, parse, 0))
                {
                    tracker.Update(slot);
                }
            }
            else
            {
                tracker.Update(new ActionExecuted(line));
            }
        }

        return tracker;
    }

    private static string Predicted(IDialoguePolicy policy, Tracker tracker)
    {
        var scores = policy.Predict(tracker);
        var best = Array.IndexOf(scores, scores.Max());
        return scores.Max() == 0 ? "(nothing)" : Domain.ActionNames[best];
    }

    [Fact]
    public void Remembers_the_window_of_each_story_action()
    {
        var policy = Train(augmented: false);
        Assert.Equal("utter_greet", Predicted(policy, Conversation("/greet")));
        Assert.Equal("utter_ask_location", Predicted(policy, Conversation("/greet", "utter_greet", "action_listen", """/inform{"cuisine": "thai"}""")));
        Assert.Equal("utter_ask_cuisine", Predicted(policy, Conversation("/greet", "utter_greet", "action_listen", """/inform{"location": "rome"}""")));
    }

    [Fact]
    public void Plain_memoization_gives_nothing_for_an_unseen_history()
    {
        var policy = Train(augmented: false);
        Assert.Equal("(nothing)", Predicted(policy, Conversation("/thankyou")));
    }

    [Fact]
    public void Augmented_memoization_recalls_a_known_turn_after_an_unknown_start()
    {
        var policy = Train(augmented: true);
        // never trained: thanks first, then a greeting; the greeting turn itself is known
        var tracker = Conversation("/thankyou", "utter_goodbye", "action_listen", "/greet");
        Assert.Equal("utter_greet", Predicted(policy, tracker));
        Assert.Equal("(nothing)", Predicted(Train(augmented: false), tracker));
    }

    [Fact]
    public void Contradicting_windows_are_forgotten()
    {
        var stories = StoryReader.ReadMarkdown("""
            ## a
            * greet
              - utter_greet
            ## b
            * greet
              - utter_goodbye
            """);
        var trackers = new TrainingDataGenerator(Domain).Generate(stories);
        var policy = MemoizationPolicy.Train(new StateFeaturizer(Domain), trackers, 3, augmented: false);
        Assert.Equal("(nothing)", Predicted(policy, Conversation("/greet")));
    }

    [Fact]
    public void Persisted_lookup_round_trips()
    {
        var policy = Train(augmented: true);
        var restored = MemoizationPolicy.FromJson(new StateFeaturizer(Domain), JsonNode.Parse(policy.ToJson().ToJsonString())!.AsObject());
        Assert.Equal(policy.Lookup, restored.Lookup);
        Assert.Equal(policy.PartialLookup, restored.PartialLookup);
        Assert.True(restored.Augmented);
        Assert.Equal(policy.MaxHistory, restored.MaxHistory);
    }

    [Fact]
    public void Keys_are_rasa_memoization_key_text()
    {
        var policy = Train(augmented: false);
        Assert.Contains("[null, {}, {intent_greet: 1.0, prev_action_listen: 1.0}]", policy.Lookup.Keys);
    }

    [Fact]
    public void Incremental_history_windows_equal_a_full_replay_after_restarts_undos_rewinds_and_dropped_old_states()
    {
        var featurizer = new StateFeaturizer(Domain);
        var random = new Random(7);
        var tracker = Conversation("/greet");
        for (var step = 0; step < 300; step++)
        {
            Event e = random.Next(12) switch
            {
                0 => new ConversationRestarted(),
                1 => new ActionReverted(),
                2 => new UserUtteranceReverted(),
                3 => new SlotSet("cuisine", random.Next(2) == 0 ? null : JsonValue.Create("thai")),
                4 or 5 or 6 => new UserUttered("/inform", Interpreter.Parse(random.Next(2) == 0 ? "/inform" : "/greet")),
                _ => new ActionExecuted(Domain.ActionNames[random.Next(Domain.ActionNames.Count)]),
            };
            tracker.Update(e);
            var full = featurizer.PastStates(tracker.Events);
            // windows of several lengths: the incremental history keeps only the longest window asked for so far,
            // and must replay when a longer one is asked after older states were dropped
            foreach (var maxHistory in new[] { 1, 3, 5, step % 40 + 1 })
            {
                Assert.Equal(StateFeaturizer.Window(full, full.Count, maxHistory), featurizer.LastStates(tracker, maxHistory));
            }
        }
    }

    [Fact]
    public void Recall_with_shorter_history_matches_trying_every_cut()
    {
        var policy = Train(augmented: true);
        var featurizer = new StateFeaturizer(Domain);
        var random = new Random(11);
        string[] messages = ["/greet", """/inform{"cuisine": "thai"}""", """/inform{"location": "rome"}""", "/affirm", "/deny", "/thankyou"];
        var compared = 0;
        for (var run = 0; run < 200; run++)
        {
            var script = new List<string>();
            var turns = random.Next(1, 9);
            for (var t = 0; t < turns; t++)
            {
                script.Add(messages[random.Next(messages.Length)]);
                if (t < turns - 1)
                {
                    script.Add(Domain.ActionNames[3 + random.Next(Domain.ActionNames.Count - 3)]);
                    script.Add("action_listen");
                }
            }

            var tracker = Conversation([.. script]);
            Assert.Equal(NaiveRecall(policy, featurizer, tracker), Predicted(policy, tracker));
            compared++;
        }

        Assert.Equal(200, compared);
    }

    // Rasa's augmented recall, literally: full window, then every cut from the second action on.
    private static string NaiveRecall(MemoizationPolicy policy, StateFeaturizer featurizer, Tracker tracker)
    {
        var events = Tracker.ComputeAppliedEvents(tracker.Events);
        var states = featurizer.PastStates(events);
        var window = StateFeaturizer.Window(states, states.Count, policy.MaxHistory);
        if (Lookup(window) is { } direct)
        {
            return direct;
        }

        var previous = DialogueState.KeyOf(window);
        while (true)
        {
            var second = events.Select((e, i) => (e, i)).Where(x => x.e is ActionExecuted).Skip(1).Select(x => x.i).DefaultIfEmpty(-1).First();
            if (second < 0)
            {
                return "(nothing)";
            }

            events = events.GetRange(second, events.Count - second);
            var cutStates = featurizer.PastStates(events);
            var cutWindow = StateFeaturizer.Window(cutStates, cutStates.Count, policy.MaxHistory);
            var key = DialogueState.KeyOf(cutWindow);
            if (key != previous && Lookup(cutWindow) is { } recalled)
            {
                return recalled;
            }

            previous = key;
        }

        string? Lookup(DialogueState?[] w)
        {
            if (policy.Lookup.TryGetValue(DialogueState.KeyOf(w), out var a))
            {
                return Domain.ActionNames[a];
            }

            var blanked = (DialogueState?[])w.Clone();
            for (var i = 0; i < blanked.Length - 1; i++)
            {
                if (blanked[i] is null)
                {
                    continue;
                }

                blanked[i] = null;
                var key = DialogueState.KeyOf(blanked);
                if (policy.Lookup.TryGetValue(key, out a) || policy.PartialLookup.TryGetValue(key, out a))
                {
                    return Domain.ActionNames[a];
                }
            }

            return null;
        }
    }
}
