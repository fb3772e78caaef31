using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Training;
using RasaOrleans.Inference.Policies;
using Xunit.Abstractions;

namespace RasaOrleans.Core.Tests.Training;

public sealed class ExampleBotTrainingTests(ITestOutputHelper output)
{
    [SharedTheory]
    [MemberData(nameof(ExampleBots.Names), MemberType = typeof(ExampleBots))]
    public void Example_bot_trains_with_the_default_config_and_predicts_every_action_of_every_training_story(string name)
    {
        var (_, domainPath, storiesPath) = ExampleBots.Pairs.Single(p => p.Name == name);
        var domain = DomainSpec.Load(SharedFixtures.RasaCorePath(domainPath));
        var stories = StoryReader.Read(SharedFixtures.RasaCorePath(storiesPath));
        var log = new StringWriter();
        var policies = new DialogueTrainer(domain, PolicyConfiguration.Default, log, InferencePolicies.Catalog).Train(stories);
        var ensemble = new PolicyEnsemble(domain, policies);
        var trackers = new TrainingDataGenerator(domain).Generate(stories);
        Assert.NotEmpty(trackers);

        // Windows that the stories themselves follow with different actions cannot be memorized by any
        // policy of this max_history; Rasa drops them. Everything else must be predicted.
        var featurizer = new StateFeaturizer(domain);
        var actionsByWindow = new Dictionary<string, HashSet<string>>();
        foreach (var training in trackers)
        {
            var examples = new List<(ActionExecuted Action, int Index)>();
            var states = featurizer.PastStates(training.Events, (a, i) => examples.Add((a, i)));
            foreach (var (action, index) in examples.Where(x => training.IsPredictable(x.Action)))
            {
                var key = DialogueState.KeyOf(StateFeaturizer.Window(states, index + 1, 3));
                (actionsByWindow.TryGetValue(key, out var set) ? set : actionsByWindow[key] = []).Add(action.Name);
            }
        }

        var ambiguous = actionsByWindow.Where(p => p.Value.Count > 1).Select(p => p.Key).ToHashSet();
        var checkedActions = 0;
        var skippedAmbiguous = 0;
        var failures = new List<string>();
        foreach (var training in trackers)
        {
            var replay = new Tracker("replay", domain.Slots);
            foreach (var e in training.Events)
            {
                if (e is ActionExecuted action && training.IsPredictable(action) && replay.Events.Count > 0)
                {
                    // The replay tracker grows by one event at a time; the featurizers only featurize what it added.
                    if (ambiguous.Contains(DialogueState.KeyOf(featurizer.LastStates(replay, 3))))
                    {
                        skippedAmbiguous++;
                        replay.Update(e);
                        continue;
                    }

                    var predicted = ensemble.PreviewNextAction(replay).Action;
                    checkedActions++;
                    if (predicted != action.Name)
                    {
                        failures.Add($"{training.StoryName}: after {replay.Events.Count} events expected {action.Name}, got {predicted}");
                    }
                }

                replay.Update(e);
            }
        }

        output.WriteLine(log.ToString());
        output.WriteLine($"{trackers.Count} conversations, {checkedActions} actions checked, {skippedAmbiguous} in {ambiguous.Count} windows the stories contradict");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(checkedActions > 0);
    }

    [SharedFact]
    public void Every_story_file_of_the_shared_folder_is_covered_by_an_example_pair()
    {
        var used = ExampleBots.Pairs.Select(p => SharedFixtures.RasaCorePath(p.Stories)).ToList();
        var storyFiles = Directory.EnumerateFiles(SharedFixtures.RasaCore, "*.md", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "SOURCES.md" && !StoryReader.LooksLikeNluMarkdown(File.ReadAllText(f)))
            .Where(f => File.ReadAllLines(f).Any(l => l.TrimStart().StartsWith("* ", StringComparison.Ordinal) || l.TrimStart().StartsWith("- ", StringComparison.Ordinal)));
        var uncovered = storyFiles.Where(f => !used.Any(u => f == u || f.StartsWith(u + Path.DirectorySeparatorChar, StringComparison.Ordinal))).ToList();
        Assert.True(uncovered.Count == 0, "not covered: " + string.Join(", ", uncovered));
    }
}
