using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Evaluation;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Tests.Evaluation;

public sealed class StoryEvaluatorTests
{
    private static readonly DomainSpec s_domain = DomainSpec.Parse("""
        intents:
          - greet
          - thanks
        actions:
          - utter_greet
          - utter_bye
          - utter_welcome
        templates:
          utter_greet:
            - "hi"
          utter_bye:
            - "bye"
          utter_welcome:
            - "you're welcome"
        """);

    [Fact]
    public void Evaluation_counts_actions_and_whole_stories_and_keeps_replaying_the_story_after_a_mistake()
    {
        var training = Read("## a\n* greet\n  - utter_greet\n* thanks\n  - utter_bye\n");
        var test = Read("## same\n* greet\n  - utter_greet\n* thanks\n  - utter_bye\n\n" +
                        "## different\n* greet\n  - utter_greet\n* thanks\n  - utter_welcome\n");
        var featurizer = new StateFeaturizer(s_domain);
        var memo = MemoizationPolicy.Train(featurizer, new TrainingDataGenerator(s_domain).Generate(training), 3, augmented: false);

        var evaluation = new StoryEvaluator(s_domain, new PolicyEnsemble(s_domain, [memo])).Evaluate(test);

        // Per story: utter_greet, action_listen, utter_x, action_listen. Only utter_welcome is wrong: the listen
        // after it is replayed from the story and, unknown to memoization, gets the all-zero answer action_listen.
        Assert.Equal(8, evaluation.ActionCount);
        Assert.Equal(7, evaluation.CorrectActions);
        Assert.Equal(0.5, evaluation.StoryAccuracy);
        var failed = Assert.Single(evaluation.Stories, s => !s.IsCorrect);
        Assert.Contains("    - utter_welcome   <!-- predicted: utter_bye -->", FailedStoryWriter.Write([failed]));
        Assert.Equal(1, evaluation.Report().ToJson()["utter_welcome"]!["support"]!.GetValue<int>());
    }

    private static StoryGraph Read(string markdown)
    {
        var path = Path.Combine(Path.GetTempPath(), "rasa-orleans-eval-" + Guid.NewGuid().ToString("N") + ".md");
        File.WriteAllText(path, markdown);
        try
        {
            return StoryReader.ReadFile(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
