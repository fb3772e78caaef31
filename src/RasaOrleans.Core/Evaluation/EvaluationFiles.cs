using System.Text;
using System.Text.Json;

namespace RasaOrleans.Core.Evaluation;

/// <summary>
/// The files of a Core evaluation: <c>report.json</c> (per action), <c>results.json</c> (accuracies),
/// <c>failed_stories.md</c> and <c>confusion_matrix.svg</c>.
/// </summary>
public static class EvaluationFiles
{
    public const string Report = "report.json";
    public const string Results = "results.json";
    public const string FailedStories = "failed_stories.md";
    public const string ConfusionMatrix = "confusion_matrix.svg";

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void Write(StoryEvaluation evaluation, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var report = evaluation.Report();
        File.WriteAllText(Path.Combine(outDir, Report), report.ToJson().ToJsonString(s_indented) + "\n", s_utf8);
        File.WriteAllText(Path.Combine(outDir, Results), evaluation.SummaryJson().ToJsonString(s_indented) + "\n", s_utf8);
        File.WriteAllText(Path.Combine(outDir, FailedStories), FailedStoryWriter.Write(evaluation.Stories.Where(s => !s.IsCorrect)), s_utf8);
        File.WriteAllText(Path.Combine(outDir, ConfusionMatrix),
            ConfusionMatrixSvg.Render(report.Labels, report.Matrix, $"Actions: {evaluation.ActionAccuracy:P1} correct"), s_utf8);
    }
}
