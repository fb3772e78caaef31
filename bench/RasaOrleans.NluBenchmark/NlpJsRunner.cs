using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RasaOrleans.NluBenchmark;

/// <summary>
/// Installs node-nlp with npm into a temporary folder and runs <c>nlpjs-runner.js</c> on the same splits (the test
/// sets, or cross-validation folds of the training portions with no timing rounds).
/// </summary>
internal static class NlpJsRunner
{
    public sealed record CorpusResult(string Name, double TrainMs, IReadOnlyList<string> Predictions, double[] TimesUs);

    public static (string Version, List<CorpusResult> Results) Run(IReadOnlyList<BenchmarkSplit> splits, int warmupMs, int rounds, TextWriter log)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rasaorleans-nlpjs-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            log.WriteLine($"installing node-nlp into {folder} ...");
            Exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", folder, "node-nlp@4"], folder);

            var job = new JsonObject
            {
                ["warmupMs"] = warmupMs,
                ["rounds"] = rounds,
                ["corpora"] = new JsonArray([.. splits.Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s.Name,
                    ["train"] = new JsonArray([.. s.Train.Examples.Select(e =>
                        (JsonNode)new JsonObject { ["text"] = e.Text, ["intent"] = e.Intent })]),
                    ["test"] = new JsonArray([.. s.Test.Select(e => (JsonNode)e.Text)]),
                })]),
            };
            var jobFile = Path.Combine(folder, "job.json");
            File.WriteAllText(jobFile, job.ToJsonString());
            var script = Path.Combine(AppContext.BaseDirectory, "nlpjs-runner.js");
            log.WriteLine("running NLP.js ...");
            var output = Exec("node", [script, jobFile, Path.Combine(folder, "node_modules")], folder);
            var root = JsonNode.Parse(output)!;
            var results = root["results"]!.AsArray().Select(r => new CorpusResult(
                (string)r!["name"]!,
                (double)r["trainMs"]!,
                [.. r["predictions"]!.AsArray().Select(p => (string?)p ?? "")],
                [.. r["timesUs"]!.AsArray().Select(t => (double)t!)])).ToList();
            return ((string)root["version"]!, results);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Exec(string file, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }
}
