using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Evaluation;
using RasaOrleans.Inference.Tests.Nlu;

namespace RasaOrleans.Inference.Tests.Evaluation;

public sealed class NluEvaluatorTests(RestaurantModelFixture fixture) : IClassFixture<RestaurantModelFixture>
{
    private static readonly NluTrainingData s_test = NluTrainingDataReader.ReadMarkdown("""
        ## intent:greet
        - hello friend
        - hey you
        ## intent:goodbye
        - bye now
        ## intent:restaurant_search
        - show me [thai](cuisine) food in [oslo](location)
        - restaurants in [vienna](location)
        ## intent:order_pizza
        - one pizza please
        """);

    [Fact]
    public void The_intent_report_has_rasas_shape()
    {
        var evaluation = NluEvaluator.Evaluate(fixture.Model, s_test);
        var report = evaluation.IntentReport;

        Assert.Equal(6, evaluation.IntentExamples);
        Assert.Contains("accuracy", report.Select(p => p.Key));
        Assert.Equal(["precision", "recall", "f1-score", "support"], report["greet"]!.AsObject().Select(p => p.Key));
        Assert.Equal(2, (int)report["greet"]!["support"]!);
        Assert.Equal(0.0, (double)report["order_pizza"]!["recall"]!);
        Assert.Equal(6, (int)report["weighted avg"]!["support"]!);
        Assert.NotNull(report["macro avg"]);
        var error = Assert.Single(evaluation.Errors, e => (string?)e!["text"] == "one pizza please")!;
        Assert.Equal("order_pizza", (string?)error["intent"]);
        Assert.NotNull(error["intent_prediction"]!["name"]);
    }

    [Fact]
    public void The_entity_report_counts_exact_spans()
    {
        var report = NluEvaluator.Evaluate(fixture.Model, s_test).EntityReport;

        Assert.Equal(2, (int)report["location"]!["support"]!);
        Assert.Equal(1, (int)report["cuisine"]!["support"]!);
        Assert.NotNull(report["micro avg"]);
    }

    [Fact]
    public void Reports_and_the_confusion_matrix_are_written()
    {
        var folder = Directory.CreateTempSubdirectory("nlu-eval-").FullName;
        try
        {
            var evaluation = NluEvaluator.Evaluate(fixture.Model, s_test);
            evaluation.WriteTo(folder);

            foreach (var file in new[] { "intent_report.json", "entity_report.json", "errors.json", "confusion_matrix.svg" })
            {
                Assert.True(File.Exists(Path.Combine(folder, file)), file);
            }

            var svg = File.ReadAllText(Path.Combine(folder, "confusion_matrix.svg"));
            Assert.StartsWith("<svg", svg);
            Assert.Contains(">order_pizza<", svg);
            Assert.Contains("Predicted label", svg);
            // rows and columns: every gold intent and every intent predicted for the test examples
            var parser = fixture.Model.CreateParser();
            var expected = s_test.Examples.Select(e => e.Intent!).Concat(s_test.Examples.Select(e => parser.Predict(e.Text).Intent.Name))
                .Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(expected, evaluation.ConfusionMatrix.Labels.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
