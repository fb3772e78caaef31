using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Evaluation;

namespace RasaOrleans.Inference.Evaluation;

/// <summary>
/// The result of <see cref="NluEvaluator.Evaluate"/>: Rasa's <c>intent_report.json</c> shape, an entity report in
/// the same shape, the misclassified messages, the intent confusion matrix (the intents' <see cref="ClassificationReport"/>),
/// and every message's prediction (<c>{text, intent, predicted, confidence}</c>, as Rasa's HTTP API reports them).
/// </summary>
public sealed record NluEvaluation(
    JsonObject IntentReport,
    JsonObject EntityReport,
    JsonArray Errors,
    ClassificationReport ConfusionMatrix,
    int IntentExamples,
    int EntityExamples,
    JsonArray Predictions)
{
    public const string IntentReportFile = "intent_report.json";
    public const string EntityReportFile = "entity_report.json";
    public const string ErrorsFile = "errors.json";
    public const string ConfusionMatrixFile = "confusion_matrix.svg";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public double IntentAccuracy => IntentReport["accuracy"]?.GetValue<double>() ?? 0;

    /// <summary>Writes the four report files into <paramref name="directory"/> (created if needed).</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, IntentReportFile), IntentReport.ToJsonString(s_indented));
        File.WriteAllText(Path.Combine(directory, EntityReportFile), EntityReport.ToJsonString(s_indented));
        File.WriteAllText(Path.Combine(directory, ErrorsFile), Errors.ToJsonString(s_indented));
        File.WriteAllText(Path.Combine(directory, ConfusionMatrixFile),
            ConfusionMatrixSvg.Render(ConfusionMatrix.Labels, ConfusionMatrix.Matrix,
                $"Intent confusion matrix ({IntentExamples} messages, accuracy {IntentAccuracy:0.000})"));
    }
}
