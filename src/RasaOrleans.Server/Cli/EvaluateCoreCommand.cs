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
    public const string Usage = "usage: evaluate core --model <model dir> --stories <file or folder> --out <dir>";

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? model = null, stories = null, outDir = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                output.WriteLine(Usage);
                return 0;
            }

            if (i + 1 >= args.Length)
            {
                error.WriteLine($"missing value after {args[i]}\n{Usage}");
                return CommandLine.UsageError;
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case "--model" or "-m": model = value; break;
                case "--stories" or "-s": stories = value; break;
                case "--out" or "-o": outDir = value; break;
                default:
                    error.WriteLine($"unknown option {args[i - 1]}\n{Usage}");
                    return CommandLine.UsageError;
            }
        }

        if (model is null || stories is null || outDir is null)
        {
            error.WriteLine($"--model, --stories and --out are required\n{Usage}");
            return CommandLine.UsageError;
        }

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
