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
    public const string Usage =
        "usage: train --domain <domain.yml> --stories <file or folder> [--nlu <file or folder>] [--config <config.yml>] --out <model dir>\n" +
        "       train --nlu <file or folder> [--config <config.yml>] --out <model dir>      (NLU only)";

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

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

        var policies = new DialogueTrainer(domain, config, output, InferencePolicies.Catalog).Train(stories);
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

    private static string RequirePath(string path, string flag) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw new RasaFormatException($"{flag}: no such file or folder '{path}'");

    private static bool TryParse(string[] args, out TrainOptions options, out string problem)
    {
        string? domain = null, stories = null, nlu = null, config = null, output = null;
        problem = "";
        options = null!;
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag is "-h" or "--help")
            {
                problem = "";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                problem = $"missing value after {flag}";
                return false;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--domain" or "-d": domain = value; break;
                case "--stories" or "-s": stories = value; break;
                case "--nlu" or "-u": nlu = value; break;
                case "--config" or "-c": config = value; break;
                case "--out" or "-o": output = value; break;
                default:
                    problem = $"unknown option {flag}";
                    return false;
            }
        }

        if (output is null)
        {
            problem = "--out is required";
            return false;
        }

        if (domain is null != (stories is null))
        {
            problem = "--domain and --stories go together";
            return false;
        }

        if (domain is null && nlu is null)
        {
            problem = "give --domain and --stories, or --nlu, or all three";
            return false;
        }

        options = new TrainOptions(domain, stories, nlu, config, output);
        return true;
    }
}
