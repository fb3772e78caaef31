using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Tests.Training;

public sealed class TrainingDataGeneratorTests
{
    private const string DomainYaml = """
        intents: [greet, deny, goodbye]
        templates:
          utter_greet: ["hi"]
          utter_ask: ["your name?"]
          utter_goodbye: ["bye"]
        actions: [utter_greet, utter_ask, utter_goodbye]
        """;

    private static readonly DomainSpec Domain = DomainSpec.Parse(DomainYaml);

    [SharedFact]
    public void Cycle_fixture_gives_the_15_training_examples_of_rasa_core_in_its_label_order()
    {
        // Rasa Core's test_generate_training_data_with_cycles: default_with_slots.yml (its tests' default domain),
        // augmentation off, max_history 4, duplicate examples removed.
        var domain = DomainSpec.Load(SharedFixtures.RasaCorePath("test_fixtures/v0.9.3/test_domains/default_with_slots.yml"));
        var stories = StoryReader.Read(SharedFixtures.RasaCorePath("test_fixtures/v0.9.3/test_stories/stories_with_cycle.md"));

        var trackers = new TrainingDataGenerator(domain).Generate(stories);

        var featurizer = new StateFeaturizer(domain);
        var examples = new List<(DialogueState?[] Window, string Label)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tracker in trackers)
        {
            var actions = new List<(ActionExecuted Action, int Index)>();
            var states = featurizer.PastStates(tracker.Events, (a, i) => actions.Add((a, i)));
            foreach (var (action, index) in actions.Where(x => tracker.IsPredictable(x.Action)))
            {
                var window = StateFeaturizer.Window(states, index + 1, 4);
                if (seen.Add(DialogueState.KeyOf(window) + " -> " + action.Name))
                {
                    examples.Add((window, action.Name));
                }
            }
        }

        // 0.10+ finds 3 or 4 conversations (its cycle removal is not deterministic) with these label counts for 4.
        Assert.Equal(4, trackers.Count);
        Assert.Equal(15, examples.Count);
        Assert.Equal(
            new Dictionary<string, int> { ["action_listen"] = 6, ["action_restart"] = 2, ["utter_default"] = 3, ["utter_greet"] = 1, ["utter_goodbye"] = 3 },
            examples.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count()));

        // 0.8 pinned y = [2, 4, 0, 2, 4, 0, 1, 0, 2, 4, 0, 1, 0, 0, 3] (0 action_listen, 1 action_restart, then the
        // domain's utter_default, utter_greet, utter_goodbye). Its order is that of numpy's unique over the integer
        // examples, which compares rows byte by byte: sorted by each time step's binary features followed by the
        // label, with the -1 padding after 0 and 1.
        string[] upstreamLabels = ["action_listen", "action_restart", "utter_default", "utter_greet", "utter_goodbye"];
        int[] pinned = [2, 4, 0, 2, 4, 0, 1, 0, 2, 4, 0, 1, 0, 0, 3];
        var ordered = examples.OrderBy(e => UpstreamRow(domain, e.Window, e.Label), Comparer<double[]>.Create(CompareRows));
        Assert.Equal(pinned.Select(i => upstreamLabels[i]), ordered.Select(e => e.Label));
    }

    [Fact]
    public void Cycle_without_an_exit_is_unrolled_and_kept_where_the_visit_limit_stops_it()
    {
        var stories = StoryReader.ReadMarkdown("""
            ## ask
            * greet
              - utter_ask
            > asked

            ## refuse and get asked again
            > asked
            * deny
              - utter_ask
            > asked
            """);
        var generator = new TrainingDataGenerator(Domain);

        var trackers = generator.Generate(stories);

        var conversation = Assert.Single(trackers);
        Assert.Equal(generator.MaxCheckpointVisits, conversation.Events.OfType<UserUttered>().Count(IsIntent("deny")));
        Assert.Equal("utter_ask", Assert.IsType<ActionExecuted>(conversation.Events[^1]).Name);
    }

    [Fact]
    public void Conversation_at_a_checkpoint_no_block_starts_from_is_kept_and_a_block_nothing_reaches_is_not()
    {
        // The same three cases as Rasa's stories_unused_checkpoints.md test: two trackers.
        var stories = StoryReader.ReadMarkdown("""
            ## greeting handed over to nobody
            * greet
              - utter_greet
            > nobody_continues

            ## goodbye handed over to nobody
            * goodbye
              - utter_goodbye
            > nobody_continues_either

            ## nothing leads here
            > never_reached
            * deny
              - utter_ask
            """);
        var generator = new TrainingDataGenerator(Domain);

        var trackers = generator.Generate(stories);

        Assert.Equal(
            [["action_listen", "utter_greet"], ["action_listen", "utter_goodbye"]],
            trackers.Select(t => t.Events.OfType<ActionExecuted>().Select(a => a.Name).ToArray()));
        Assert.Contains(generator.Warnings, w => w.Contains("'nobody_continues'", StringComparison.Ordinal));
        Assert.Contains(generator.Warnings, w => w.Contains("'never_reached'", StringComparison.Ordinal));
    }

    [Fact]
    public void Augmentation_glues_only_conversations_that_reached_a_story_end()
    {
        var stories = StoryReader.ReadMarkdown("""
            ## complete
            * greet
              - utter_greet
            * goodbye
              - utter_goodbye

            ## stops at a dangling checkpoint
            * deny
              - utter_ask
            > dangling
            """);

        var trackers = new TrainingDataGenerator(Domain) { AugmentationFactor = 5 }.Generate(stories);

        var augmented = trackers.Where(t => t.IsAugmented).ToList();
        Assert.NotEmpty(augmented);
        Assert.All(augmented, t => Assert.StartsWith("complete + ", t.StoryName, StringComparison.Ordinal));
        Assert.Contains(trackers, t => !t.IsAugmented && t.StoryName == "stops at a dangling checkpoint");
    }

    private static Func<UserUttered, bool> IsIntent(string name) =>
        u => u.ParseData["intent"]?["name"]?.GetValue<string>() == name;

    /// <summary>One example as Rasa 0.8 laid it out: per time step the binary state features, then the label index.</summary>
    private static double[] UpstreamRow(DomainSpec domain, DialogueState?[] window, string label)
    {
        var row = new List<double>();
        foreach (var state in window)
        {
            // Padding was -1, which sorts after 0 and 1 when compared byte by byte.
            row.AddRange(domain.StateFeatureNames.Select(f =>
                state is null ? double.MaxValue : state.Features.GetValueOrDefault(f)));
            row.Add(domain.IndexOfAction(label));
        }

        return [.. row];
    }

    private static int CompareRows(double[]? a, double[]? b)
    {
        for (var i = 0; i < Math.Min(a!.Length, b!.Length); i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
