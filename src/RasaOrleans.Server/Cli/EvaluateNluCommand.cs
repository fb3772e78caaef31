using System.CommandLine;
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
    /// <summary>The <c>evaluate nlu</c> command and its options.</summary>
    internal static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "the NLU model folder, or a model directory with nlu/", HelpName = "DIR", Required = true };
        var data = new Option<string>("--data", "-d", "--nlu") { Description = "test data (rasa_nlu JSON, Markdown or YAML): a file or a folder", HelpName = "PATH", Required = true };
        var outDir = new Option<string>("--out", "-o") { Description = "where to write the reports", HelpName = "DIR", DefaultValueFactory = _ => "results" };
        var command = new Command("nlu", "Parse every test message with the NLU model; write intent and entity reports.")
        {
            model, data, outDir,
        };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(model), parsed.GetRequiredValue(data), parsed.GetRequiredValue(outDir),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string modelPath, string dataPath, string outPath, TextWriter output, TextWriter error)
    {
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
