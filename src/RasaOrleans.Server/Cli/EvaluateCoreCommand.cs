using System.CommandLine;
using RasaOrleans.Core;
using RasaOrleans.Core.Evaluation;
using RasaOrleans.Core.Stories;
using RasaOrleans.Inference.Models;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// <c>evaluate core --model &lt;model dir&gt; --stories &lt;test stories&gt; --out &lt;dir&gt;</c>: replays the test
/// stories through the model's policies and writes <c>report.json</c> (per-action precision, recall, F1 and
/// support), <c>results.json</c> (action and whole-story accuracy), <c>failed_stories.md</c> (the stories with a
/// wrong prediction, marked <c>&lt;!-- predicted: x --&gt;</c>) and <c>confusion_matrix.svg</c>.
/// </summary>
public static class EvaluateCoreCommand
{
    /// <summary>The <c>evaluate core</c> command and its options.</summary>
    internal static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "the model directory (what train wrote)", HelpName = "DIR", Required = true };
        var stories = new Option<string>("--stories", "-s") { Description = "test stories: a file or a folder", HelpName = "PATH", Required = true };
        var outDir = new Option<string>("--out", "-o") { Description = "where to write the reports", HelpName = "DIR", Required = true };
        var command = new Command("core", "Replay test stories through the model's policies; write per-action and per-story reports.")
        {
            model, stories, outDir,
        };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(model), parsed.GetRequiredValue(stories), parsed.GetRequiredValue(outDir),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string model, string stories, string outDir, TextWriter output, TextWriter error)
    {
        try
        {
            var loaded = DialogueModelLoader.Load(model);
            var graph = StoryReader.Read(stories);
            var evaluation = new StoryEvaluator(loaded.Domain, loaded.Ensemble).Evaluate(graph);
            EvaluationFiles.Write(evaluation, outDir);
            output.WriteLine($"Actions: {evaluation.CorrectActions}/{evaluation.ActionCount} correct ({evaluation.ActionAccuracy:P2}).");
            output.WriteLine($"Stories: {evaluation.CorrectStories}/{evaluation.Stories.Count} correct ({evaluation.StoryAccuracy:P2}).");
            output.WriteLine($"Wrote report.json, results.json, failed_stories.md and confusion_matrix.svg to {Path.GetFullPath(outDir)}.");
            return 0;
        }
        catch (RasaFormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
