using Microsoft.ML;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Models;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Training;
using RasaOrleans.Inference.Models;
using RasaOrleans.Inference.Policies;

namespace RasaOrleans.Inference.Tests.Policies;

public sealed class MlPolicyTests
{
    private const string Domain = """
        intents:
          - greet
          - inform
          - thanks
        entities:
          - cuisine
        slots:
          cuisine:
            type: text
        actions:
          - utter_greet
          - utter_ok
          - utter_bye
        templates:
          utter_greet:
            - "hi"
          utter_ok:
            - "ok"
          utter_bye:
            - "bye"
          utter_default:
            - "sorry?"
        """;

    private const string Stories = """
        ## greet then inform
        * greet
          - utter_greet
        * inform{"cuisine": "thai"}
          - utter_ok
        * thanks
          - utter_bye

        ## greet then thanks
        * greet
          - utter_greet
        * thanks
          - utter_bye

        ## inform only
        * inform{"cuisine": "thai"}
          - utter_ok
        """;

    private static readonly DomainSpec s_domain = DomainSpec.Parse(Domain);

    [Fact]
    public void Probabilities_are_those_of_the_mlnet_model_in_domain_action_order()
    {
        var (policy, model, schema, _) = MlPolicyTrainer.TrainWithModel(Context(Stories), new MlPolicyOptions());
        var engine = new MLContext(1).Model.CreatePredictionEngine<MlPolicyTrainer.Example, MulticlassScore>(model, inputSchemaDefinition: schema);
        var featureIndex = s_domain.StateFeatureNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);

        foreach (var tracker in Prefixes(Stories))
        {
            var states = new StateFeaturizer(s_domain).PastStates(tracker.Events);
            var window = StateFeaturizer.Window(states, states.Count, policy.MaxHistory);
            var expected = engine.Predict(new MlPolicyTrainer.Example(MlPolicy.Vector(window, featureIndex, policy.StateSize), 0)).Score;
            var actual = policy.Predict(tracker);

            Assert.Equal(s_domain.ActionNames.Count, actual.Length);
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-4);
            }
        }
    }

    [Fact]
    public void A_story_order_never_seen_in_training_is_predicted_by_the_ml_policy()
    {
        // Inform first, then greet, then thanks: no training story has this order, so memoization has no window
        // for most of its turns, while the ML policy generalizes from the latest intent.
        var unseen = Read("""
            ## unseen order
            * inform{"cuisine": "thai"}
              - utter_ok
            * greet
              - utter_greet
            * thanks
              - utter_bye
            """);
        var context = Context(Stories);
        var ml = MlPolicyTrainer.Train(context, new MlPolicyOptions());
        var memo = MemoizationPolicy.Train(context.Featurizer, context.Trackers, 5, augmented: false);

        var test = Assert.Single(new TrainingDataGenerator(s_domain).Generate(unseen));
        var replay = new Tracker("unseen", s_domain.Slots);
        var memoMisses = 0;
        var checkedActions = 0;
        foreach (var e in test.Events)
        {
            if (e is ActionExecuted action && replay.Events.Count > 0)
            {
                var scores = ml.Predict(replay);
                Assert.Equal(action.Name, s_domain.ActionNames[Array.IndexOf(scores, scores.Max())]);
                memoMisses += memo.Predict(replay).Max() == 0 ? 1 : 0;
                checkedActions++;
            }

            replay.Update(e);
        }

        Assert.Equal(6, checkedActions);
        Assert.True(memoMisses >= 3, $"memoization knew {6 - memoMisses} of 6 turns; the story is not unseen enough");
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var first = MlPolicyTrainer.Train(Context(Stories, augmentation: 20), new MlPolicyOptions()).ToJson().ToJsonString();
        var second = MlPolicyTrainer.Train(Context(Stories, augmentation: 20), new MlPolicyOptions()).ToJson().ToJsonString();

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_persisted_model_predicts_as_the_trained_one()
    {
        var policies = new DialogueTrainer(s_domain, PolicyConfiguration.Default, TextWriter.Null, InferencePolicies.Catalog).Train(Read(Stories));
        var directory = Path.Combine(Path.GetTempPath(), "rasa-orleans-ml-" + Guid.NewGuid().ToString("N"));
        try
        {
            DialogueModel.Write(directory, s_domain, policies, "policies: default\n", catalog: InferencePolicies.Catalog);
            var loaded = DialogueModelLoader.Load(directory);

            Assert.Equal(["AugmentedMemoizationPolicy", "MlPolicy", "FallbackPolicy"], loaded.Ensemble.Policies.Select(p => p.Name));
            var trained = new PolicyEnsemble(s_domain, policies);
            foreach (var tracker in Prefixes(Stories))
            {
                Assert.Equal(trained.PredictWithPolicies(tracker).Scores, loaded.Ensemble.PredictWithPolicies(tracker).Scores);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Keras_and_sklearn_policy_names_train_the_ml_policy_with_a_note()
    {
        var config = PolicyConfiguration.Parse("""
            policies:
              - name: KerasPolicy
                epochs: 50
              - name: rasa_core.policies.sklearn_policy.SklearnPolicy
            """);
        var log = new StringWriter();

        var policies = new DialogueTrainer(s_domain, config, log, InferencePolicies.Catalog).Train(Read(Stories));

        Assert.All(policies, p => Assert.IsType<MlPolicy>(p));
        Assert.Contains("KerasPolicy is trained as MlPolicy", log.ToString());
        Assert.Contains("SklearnPolicy is trained as MlPolicy", log.ToString());
    }

    [Fact]
    public void The_builtin_catalog_alone_cannot_train_the_default_config_and_says_why()
    {
        var ex = Assert.Throws<Core.RasaFormatException>(() =>
            new DialogueTrainer(s_domain, PolicyConfiguration.Default, TextWriter.Null).Train(Read(Stories)));

        Assert.Contains("MlPolicy", ex.Message);
        Assert.Contains("InferencePolicies.Catalog", ex.Message);
    }

    private static PolicyTrainingContext Context(string stories, int augmentation = 0) => new(
        s_domain,
        new StateFeaturizer(s_domain),
        new TrainingDataGenerator(s_domain) { AugmentationFactor = augmentation }.Generate(Read(stories)),
        TextWriter.Null);

    private static StoryGraph Read(string markdown)
    {
        var path = Path.Combine(Path.GetTempPath(), "rasa-orleans-stories-" + Guid.NewGuid().ToString("N") + ".md");
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

    /// <summary>Every conversation prefix of the stories at which an action is predicted.</summary>
    private static IEnumerable<Tracker> Prefixes(string stories)
    {
        foreach (var story in new TrainingDataGenerator(s_domain).Generate(Read(stories)))
        {
            for (var i = 1; i < story.Events.Count; i++)
            {
                if (story.Events[i] is ActionExecuted)
                {
                    yield return Tracker.FromEvents("prefix", s_domain.Slots, story.Events.Take(i));
                }
            }
        }
    }

    public sealed class MulticlassScore
    {
        public float[] Score { get; set; } = [];
    }
}
