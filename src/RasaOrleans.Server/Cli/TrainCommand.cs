using System.CommandLine;
using System.Diagnostics;
using RasaOrleans.Core;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Models;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Training;
using RasaOrleans.Inference.Policies;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// <c>train --domain &lt;domain.yml&gt; --stories &lt;file or folder&gt; [--nlu &lt;file or folder&gt;] [--config &lt;config.yml&gt;] --out &lt;model dir&gt;</c>:
/// trains a dialogue model (and an NLU model when <c>--nlu</c> is given) into a self-describing model directory.
/// A mistake in the user's files is reported with file, line and problem; the exit code is 1 and nothing is written.
/// </summary>
public static class TrainCommand
{
    /// <summary>The <c>train</c> command and its options.</summary>
    internal static Command Create()
    {
        var domain = new Option<string>("--domain", "-d") { Description = "the domain (domain.yml; the 0.7–0.10 forms and the later responses: form)", HelpName = "FILE" };
        var stories = new Option<string>("--stories", "-s") { Description = "stories: a Markdown or YAML file, or a folder of them", HelpName = "PATH" };
        var nlu = new Option<string>("--nlu", "-u") { Description = "NLU training data (rasa_nlu JSON, Markdown or YAML; a file or a folder); alone: an NLU model only", HelpName = "PATH" };
        var config = new Option<string>("--config", "-c") { Description = "Rasa config file: policies and NLU pipeline [default: the built-in policies]", HelpName = "FILE" };
        var output = new Option<string>("--out", "-o") { Description = "the model directory to write", HelpName = "DIR", Required = true };
        var command = new Command("train", "Train a dialogue model (and an NLU model) from a domain, stories and NLU data.")
        {
            domain, stories, nlu, config, output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(output) is null)
            {
                return; // the missing --out is the mistake to report
            }

            var hasDomain = result.GetValue(domain) is not null;
            if (hasDomain != (result.GetValue(stories) is not null))
            {
                result.AddError("--domain and --stories go together");
            }
            else if (!hasDomain && result.GetValue(nlu) is null)
            {
                result.AddError("give --domain and --stories, or --nlu, or all three");
            }
        });
        command.SetAction(parsed => Run(
            new TrainOptions(parsed.GetValue(domain), parsed.GetValue(stories), parsed.GetValue(nlu), parsed.GetValue(config), parsed.GetRequiredValue(output)),
            parsed.InvocationConfiguration.Output,
            parsed.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(TrainOptions options, TextWriter output, TextWriter error)
    {
        try
        {
            Train(options, output);
            return 0;
        }
        catch (RasaFormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine("Nothing was written.");
            return 1;
        }
    }

    /// <summary>Runs the training; throws <see cref="RasaFormatException"/> for mistakes in the inputs.</summary>
    public static ModelManifest? Train(TrainOptions options, TextWriter output)
    {
        var total = Stopwatch.StartNew();
        var config = options.Config is null ? PolicyConfiguration.Default : PolicyConfiguration.Load(RequireFile(options.Config, "--config"));
        NluTrainingData? nluData = null;
        if (options.Nlu is not null)
        {
            output.WriteLine($"Reading NLU data from {options.Nlu} ...");
            nluData = NluTrainingDataReader.Read(RequirePath(options.Nlu, "--nlu"));
            output.WriteLine($"  {nluData.Examples.Count} examples, {nluData.Intents.Count} intents, {nluData.EntityTypes.Count} entity types.");
        }

        if (options.Domain is null)
        {
            // NLU only.
            var nluOut = Path.GetFullPath(options.Out);
            TrainNluStep.TrainAndSave(options.Nlu!, config, nluOut, output);
            output.WriteLine($"Wrote NLU model to {nluOut} in {total.Elapsed.TotalSeconds:0.0} s.");
            return null;
        }

        output.WriteLine($"Reading domain {options.Domain} ...");
        var domain = DomainSpec.Load(RequireFile(options.Domain, "--domain"));
        output.WriteLine($"  {domain.Intents.Count} intents, {domain.Entities.Count} entities, {domain.Slots.Count} slots, {domain.ActionNames.Count} actions.");
        output.WriteLine($"Reading stories from {options.Stories} ...");
        var stories = StoryReader.Read(RequirePath(options.Stories!, "--stories"));
        output.WriteLine($"  {stories.BlockCount} story blocks.");

        var policies = new DialogueTrainer(domain, config, output, InferencePolicies.Catalog, IterationProgress.For(output)).Train(stories);
        var configYaml = options.Config is null ? DefaultConfigYaml(config) : File.ReadAllText(options.Config);
        var manifest = DialogueModel.Write(options.Out, domain, policies, configYaml,
            nluData is null ? null : (staging, _) => TrainNluStep.TrainAndSave(options.Nlu!, config, staging, output),
            InferencePolicies.Catalog);
        output.WriteLine($"Wrote model to {Path.GetFullPath(options.Out)} (fingerprint {manifest.Fingerprint[..12]}) in {total.Elapsed.TotalSeconds:0.0} s.");
        return manifest;
    }

    private static string DefaultConfigYaml(PolicyConfiguration config) =>
        "policies:\n" + string.Concat(config.Policies.Select(p =>
            $"  - name: {p.Name}\n" + string.Concat(p.Settings.Select(s => $"    {s.Key}: {s.Value?.ToJsonString()}\n"))));

    private static string RequireFile(string path, string flag) =>
        File.Exists(path) ? path : throw new RasaFormatException($"{flag}: no such file '{path}'");

    /// <summary>The path when a file or folder is there, else a mistake naming the flag.</summary>
    internal static string RequirePath(string path, string flag) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw new RasaFormatException($"{flag}: no such file or folder '{path}'");
}
