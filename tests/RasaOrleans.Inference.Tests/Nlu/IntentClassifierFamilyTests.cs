using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Policies;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>The intent classifier's model families: one-vs-rest scorers, NB-SVM scaling, the ensemble, and older models.</summary>
public sealed class IntentClassifierFamilyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nlu-family-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly NluTrainingData s_data = new()
    {
        Examples =
        [
            new("where is my parcel", "track_order", []), new("track my order please", "track_order", []),
            new("has my package shipped yet", "track_order", []), new("when will my delivery arrive", "track_order", []),
            new("i want my money back", "refund", []), new("please refund my purchase", "refund", []),
            new("can i return this and get a refund", "refund", []), new("give me a refund for the broken toaster", "refund", []),
            new("hello", "greet", []), new("hi there", "greet", []), new("good morning", "greet", []), new("hey", "greet", []),
        ],
    };

    private static readonly (string Text, string Intent)[] s_unseen =
    [
        ("where is my package", "track_order"), ("track the delivery", "track_order"),
        ("i want a refund", "refund"), ("refund the toaster", "refund"), ("hi", "greet"), ("hello there", "greet"),
    ];

    [Theory]
    [InlineData(IntentClassifiers.MaxEnt, 0f)]
    [InlineData(IntentClassifiers.Squared, 0f)]
    [InlineData(IntentClassifiers.Hinge, 0f)]
    [InlineData(IntentClassifiers.Hinge, 1f)]
    [InlineData(IntentClassifiers.Logistic, 1f)]
    public void Every_family_learns_the_intents_and_its_model_loads_back_with_the_same_parses(string family, float naiveBayes)
    {
        var model = new NluTrainer(NluPipelineSettings.Default with { IntentClassifier = family, IntentNaiveBayes = naiveBayes }).Train(s_data);
        var parser = model.CreateParser();
        foreach (var (text, intent) in s_unseen)
        {
            var result = parser.Predict(text);
            Assert.Equal(intent, result.Intent.Name);
            Assert.InRange(result.Intent.Confidence, 1.0 / 3, 1.0);
            Assert.Equal(result.IntentRanking.OrderByDescending(r => r.Confidence).Select(r => r.Name), result.IntentRanking.Select(r => r.Name));
        }

        model.Save(_folder);
        var loaded = NluModel.Load(_folder);
        Assert.Equal(family, loaded.Settings.IntentClassifier);
        var copy = loaded.CreateParser();
        foreach (var (text, _) in s_unseen)
        {
            Assert.Equal(parser.Parse(text).ToJsonString(), copy.Parse(text).ToJsonString());
        }
    }

    [Fact]
    public void The_default_is_the_naive_bayes_svm_and_it_differs_from_the_maximum_entropy_model()
    {
        var svm = new NluTrainer().Train(s_data);
        var maxEnt = new NluTrainer(NluPipelineSettings.Default with { IntentClassifier = IntentClassifiers.MaxEnt }).Train(s_data);

        Assert.Equal((IntentClassifiers.Hinge, 1f), (svm.Settings.IntentClassifier, svm.Settings.IntentNaiveBayes));
        // the template fuses the NB-SVM with a model of the sentence vector; one joint model next to an encoder stays maximum entropy
        Assert.Equal(IntentClassifiers.Hinge, NluPipelineSettings.PretrainedEmbeddings.ResolvedIntentClassifier);
        Assert.Equal(IntentClassifiers.MaxEnt, (NluPipelineSettings.Default with { SentenceEncoder = SentenceEncoderCatalog.MiniLm }).ResolvedIntentClassifier);
        Assert.Equal(IntentClassifiers.Hinge, (NluPipelineSettings.PretrainedEmbeddings with { IntentClassifier = IntentClassifiers.Hinge }).ResolvedIntentClassifier);
        Assert.NotEqual(svm.Fingerprint, maxEnt.Fingerprint);
        Assert.NotEqual(svm.CreateParser().Predict("refund the toaster").Intent.Confidence,
            maxEnt.CreateParser().Predict("refund the toaster").Intent.Confidence);
    }

    [Fact]
    public void A_model_saved_before_the_families_existed_loads_as_maximum_entropy_and_parses_as_before()
    {
        var model = new NluTrainer(NluPipelineSettings.Default with { IntentClassifier = IntentClassifiers.MaxEnt, IntentNaiveBayes = 0 }).Train(s_data);
        model.Save(_folder);
        SavedModelFiles.EditData(_folder, data =>
        {
            var settings = data["settings"]!.AsObject();
            Assert.True(settings.Remove("intent_classifier"));
            Assert.True(settings.Remove("intent_naive_bayes"));
            settings.Remove("intent_one_vs_rest_l2");
        });

        var loaded = NluModel.Load(_folder);

        Assert.Equal((IntentClassifiers.MaxEnt, 0f), (loaded.Settings.IntentClassifier, loaded.Settings.IntentNaiveBayes));
        var (before, after) = (model.CreateParser(), loaded.CreateParser());
        foreach (var (text, _) in s_unseen)
        {
            Assert.Equal(before.Parse(text).ToJsonString(), after.Parse(text).ToJsonString());
        }
    }

    [Fact]
    public void The_ensemble_scores_are_the_maximum_entropy_scores_plus_the_weighted_one_vs_rest_scores()
    {
        string[] labels = ["a", "b"];
        var first = new LinearClassifier(labels, [1, 2], [1, -1, 0.5f, 0], [0.1f, 0]);
        var second = new LinearClassifier(labels, [2, 3], [2, 0, 0, 4], [0, 1]);

        var sum = LinearClassifier.Sum(first, second, 0.5f);

        var features = new HashedFeatures();
        features.Add(1, 1);
        features.Add(2, 2);
        features.Add(3, 1);
        var scores = new float[2];
        sum.Score(features, scores);
        // a: 0.1 + 1 + 2 × 0.5 + 0.5 × (2 × 2) = 4.1; b: −1 + 0.5 × (1 + 4) = 1.5
        Assert.Equal(4.1f, scores[0], 1e-5f);
        Assert.Equal(1.5f, scores[1], 1e-5f);
        Assert.Throws<ArgumentException>(() => LinearClassifier.Sum(first, new LinearClassifier(["b", "a"], [], [], [0, 0]), 1));
    }

    [Fact]
    public void The_ensemble_trains_one_classifier_that_keeps_both_models_knowledge()
    {
        var settings = NluPipelineSettings.Default with { IntentEnsembleWeight = 1 };
        var parser = new NluTrainer(settings).Train(s_data).CreateParser();

        foreach (var (text, intent) in s_unseen)
        {
            Assert.Equal(intent, parser.Predict(text).Intent.Name);
        }
    }

    [Fact]
    public void Naive_bayes_scaling_leaves_features_that_are_not_counts_as_they_are()
    {
        // one dense feature (a sentence vector's component: +1 or −1) present in every example is all that tells the
        // intents apart; as a count its naive-Bayes ratio would be log 1 = 0 and erase it
        var examples = Enumerable.Range(0, 10)
            .Select(i => new LinearClassifierTrainer.Example([7UL], [i % 2 == 0 ? 1f : -1f], i % 2))
            .ToList();

        var classifier = OneVsRestTrainer.Train(examples, ["plus", "minus"], OneVsRestTrainer.Loss.SquaredHinge, l2: 0.1f,
            tolerance: 1e-6f, naiveBayesScale: 1);

        var features = new HashedFeatures();
        var scores = new float[2];
        foreach (var (value, label) in new[] { (1f, 0), (-1f, 1) })
        {
            features.Clear();
            features.Add(7, value);
            classifier.Score(features, scores);
            Assert.True(scores[label] > scores[1 - label] + 0.5f, $"value {value}: scores {scores[0]} / {scores[1]}");
        }
    }

    [Fact]
    public void The_family_and_its_settings_come_from_the_classifier_component()
    {
        var config = PolicyConfiguration.Parse("""
            language: en
            pipeline:
            - name: CountVectorsFeaturizer
            - name: SklearnIntentClassifier
              family: squared
              naive_bayes: 0.5
              one_vs_rest_l2: 0.3
            """);

        var settings = NluPipelineSettings.FromConfiguration(config);

        Assert.Equal((IntentClassifiers.Squared, 0.5f, 0.3f), (settings.IntentClassifier, settings.IntentNaiveBayes, settings.IntentOneVsRestL2));
        var bad = PolicyConfiguration.Parse("pipeline:\n- name: SklearnIntentClassifier\n  family: forest\n");
        var e = Assert.Throws<RasaFormatException>(() => NluPipelineSettings.FromConfiguration(bad));
        Assert.Contains("'family' must be one of maxent, squared, hinge, logistic", e.Message);
    }
}
