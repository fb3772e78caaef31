using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Evaluation;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// <c>evaluate nlu --model &lt;dir&gt; --data &lt;file|folder&gt; [--out &lt;dir&gt;]</c>: parses every test message with
/// the model and writes <c>intent_report.json</c>, <c>entity_report.json</c>, <c>errors.json</c> and
/// <c>confusion_matrix.svg</c> to the output folder (default <c>results</c>). The model folder is either the
/// NLU model itself or a trained model folder with an <c>nlu/</c> subfolder. Exit codes: 0 done, 1 bad data or
/// model, 2 bad command line.
/// </summary>
public static class EvaluateNluCommand
{
    public const string Usage = "usage: evaluate nlu --model <dir> --data <file|folder> [--out <dir>]";

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // accept the arguments with or without the command words in front
        var rest = args.SkipWhile(a => a is "evaluate" or "nlu").ToArray();
        string? modelPath = null, dataPath = null, outPath = "results";
        for (var i = 0; i < rest.Length; i++)
        {
            var value = i + 1 < rest.Length ? rest[i + 1] : null;
            switch (rest[i])
            {
                case "--model" or "-m" when value is not null:
                    modelPath = value;
                    i++;
                    break;
                case "--data" or "-d" or "--nlu" when value is not null:
                    dataPath = value;
                    i++;
                    break;
                case "--out" or "-o" when value is not null:
                    outPath = value;
                    i++;
                    break;
                case "--help" or "-h":
                    output.WriteLine(Usage);
                    return 0;
                default:
                    error.WriteLine($"unknown or incomplete option '{rest[i]}'");
                    error.WriteLine(Usage);
                    return 2;
            }
        }

        if (modelPath is null || dataPath is null)
        {
            error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var modelFolder = File.Exists(Path.Combine(modelPath, NluModel.ManifestFileName))
                ? modelPath
                : Path.Combine(modelPath, TrainNluStep.NluFolder);
            var model = NluModel.Load(modelFolder);
            var data = NluTrainingDataReader.Read(dataPath);
            var evaluation = NluEvaluator.Evaluate(model, data);
            evaluation.WriteTo(outPath);
            var report = evaluation.IntentReport;
            output.WriteLine($"Intent evaluation on {evaluation.IntentExamples} messages:");
            output.WriteLine($"  accuracy      {evaluation.IntentAccuracy:0.000}");
            output.WriteLine($"  macro F1      {report["macro avg"]?["f1-score"]?.GetValue<double>():0.000}");
            output.WriteLine($"  weighted F1   {report["weighted avg"]?["f1-score"]?.GetValue<double>():0.000}");
            output.WriteLine($"  errors        {evaluation.Errors.Count}");
            if (evaluation.EntityExamples > 0)
            {
                output.WriteLine($"Entity evaluation ({evaluation.EntityExamples} messages with entities):");
                output.WriteLine($"  micro F1      {evaluation.EntityReport["micro avg"]?["f1-score"]?.GetValue<double>():0.000}");
            }

            output.WriteLine($"Reports written to {Path.GetFullPath(outPath)}: {NluEvaluation.IntentReportFile}, " +
                $"{NluEvaluation.EntityReportFile}, {NluEvaluation.ErrorsFile}, {NluEvaluation.ConfusionMatrixFile}");
            return 0;
        }
        catch (RasaFormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
