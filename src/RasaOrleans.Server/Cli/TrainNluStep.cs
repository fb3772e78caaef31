using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Training;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Server.Cli;

/// <summary>The NLU part of <c>train --nlu</c>: read the data, train with the config's pipeline, save.</summary>
public static class TrainNluStep
{
    /// <summary>The folder below the model folder that holds the NLU model.</summary>
    public const string NluFolder = "nlu";

    /// <summary>
    /// Reads NLU training data (a rasa_nlu JSON, Markdown or YAML file, or a folder of them), trains with the
    /// <c>pipeline:</c> of <paramref name="config"/> (defaults when null or absent) and saves the model into
    /// <c><paramref name="outDirectory"/>/nlu/</c>. Mistakes in the data or the pipeline are
    /// <see cref="RasaFormatException"/>s for the caller to print.
    /// </summary>
    public static NluModel TrainAndSave(string nluDataPath, PolicyConfiguration? config, string outDirectory, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(nluDataPath);
        ArgumentNullException.ThrowIfNull(outDirectory);
        ArgumentNullException.ThrowIfNull(progress);
        var settings = NluPipelineSettings.FromConfiguration(config);
        var data = NluTrainingDataReader.Read(nluDataPath);
        foreach (var warning in data.Warnings)
        {
            progress.WriteLine($"warning: {warning}");
        }

        progress.WriteLine(
            $"Training NLU model: {data.Examples.Count} examples, {data.Intents.Count} intents, {data.EntityTypes.Count} entity types, " +
            $"{data.RegexFeatures.Count} regex features, {data.LookupTables.Count} lookup tables");
        var model = new NluTrainer(settings) { Progress = IterationProgress.For(progress) }.Train(data);
        var target = Path.Combine(outDirectory, NluFolder);
        model.Save(target);
        progress.WriteLine($"NLU model trained in {model.TrainingTime.TotalSeconds:0.00} s and saved to {target} (fingerprint {model.Fingerprint[..12]})");
        return model;
    }
}
