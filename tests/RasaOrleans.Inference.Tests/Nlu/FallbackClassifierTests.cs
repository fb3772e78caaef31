using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Evaluation;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class FallbackClassifierTests
{
    private static readonly NluTrainingData s_data = new()
    {
        Examples =
        [
            new("hello", "greet", []), new("hi there", "greet", []), new("good morning", "greet", []), new("hey", "greet", []),
            new("bye", "goodbye", []), new("see you later", "goodbye", []), new("goodbye", "goodbye", []), new("good night", "goodbye", []),
            new("book a table for two", "book_table", []), new("reserve a table please", "book_table", []),
            new("i need a table tonight", "book_table", []), new("can i book a table", "book_table", []),
        ],
    };

    private static NluParser Parser(float? threshold, float? ambiguity) =>
        new NluTrainer(NluPipelineSettings.Default with { FallbackThreshold = threshold, FallbackAmbiguityThreshold = ambiguity })
            .Train(s_data).CreateParser();

    [Fact]
    public void An_unsure_top_intent_becomes_nlu_fallback_with_the_threshold_as_confidence_and_first_in_the_ranking()
    {
        var withFallback = Parser(0.7f, 0f);
        var without = Parser(null, null);

        var unsure = without.Predict("what is the capital of peru");
        Assert.True(unsure.Intent.Confidence < 0.7, $"the test needs an unsure message: {unsure.Intent}");

        var result = withFallback.Predict("what is the capital of peru");
        Assert.Equal(new IntentPrediction("nlu_fallback", 0.7), result.Intent);
        Assert.Equal(new IntentPrediction("nlu_fallback", 0.7), result.IntentRanking[0]);
        Assert.Equal(unsure.IntentRanking.Select(r => r.Name), result.IntentRanking.Skip(1).Select(r => r.Name));

        var sure = withFallback.Predict("book a table for two");
        Assert.Equal("book_table", sure.Intent.Name);
        Assert.DoesNotContain(sure.IntentRanking, r => r.Name == "nlu_fallback");
    }

    [Fact]
    public void Two_close_intents_are_ambiguous_even_above_the_threshold()
    {
        var without = Parser(null, null).Predict("good");
        var gap = without.IntentRanking[0].Confidence - without.IntentRanking[1].Confidence;

        Assert.Equal("nlu_fallback", Parser(0f, (float)gap + 0.01f).Predict("good").Intent.Name);
        Assert.Equal(without.Intent.Name, Parser(0f, (float)gap - 0.01f).Predict("good").Intent.Name);
    }

    [Fact]
    public void Evaluation_counts_nlu_fallback_as_a_predicted_intent()
    {
        var model = new NluTrainer(NluPipelineSettings.Default with { FallbackThreshold = 0.99f }).Train(s_data);
        var test = new NluTrainingData { Examples = [new("what is the capital of peru", "out_of_scope", [])] };

        var evaluation = NluEvaluator.Evaluate(model, test);

        Assert.Contains("nlu_fallback", evaluation.ConfusionMatrix.Labels);
        Assert.NotNull(evaluation.IntentReport["nlu_fallback"]);
        Assert.Equal("nlu_fallback", (string?)evaluation.Errors[0]!["intent_prediction"]!["name"]);
    }

    [Fact]
    public void The_fallback_settings_are_saved_with_the_model()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nlu-fallback-" + Guid.NewGuid().ToString("N"));
        try
        {
            new NluTrainer(NluPipelineSettings.Default with { FallbackThreshold = 0.8f, FallbackAmbiguityThreshold = 0.05f }).Train(s_data).Save(folder);
            var loaded = NluModel.Load(folder);

            Assert.Equal(0.8f, loaded.Settings.FallbackThreshold);
            Assert.Equal(0.05f, loaded.Settings.FallbackAmbiguityThreshold);
            Assert.Contains("FallbackClassifier", File.ReadAllText(Path.Combine(folder, NluModel.ManifestFileName)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
