using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// Issue #11's throughput and latency targets: requests/s of conversation turns on the real server (embedded
/// SQLite store, the shipped greetbot) next to a bare Kestrel endpoint in its own process, alternating in one run
/// (bare, /greet, bare, free text, bare, loop, bare, new conversations, bare, … for several rounds), then latency
/// at half the /greet rate with an open-loop generator, on the server and on bare.
/// wrk (<c>-t1 -c32</c>, the Lua scripts of <c>bench/wrk</c>) drives /greet, free text and new conversations; the
/// parse-then-continue loop runs in this program (concurrent HttpClient loops), compared with bare driven by the
/// same .NET client.
/// Usage: <c>throughput [--server dll] [--duration 8] [--rounds 2] [--connections 32] [--conversations 1000]
/// [--latency-duration 15] [--collection-age 00:02:00] [--wrk-scripts bench/wrk]</c>
/// </summary>
internal static partial class ThroughputBenchmark
{
    private sealed record Run(string Workload, string Client, double Rps, long Errors, string Load);

    public static async Task<int> RunAsync(string[] args)
    {
        var serverDll = BenchHost.Arg(args, "--server") ?? BenchHost.FindServerDll();
        var duration = BenchHost.TimeArg(args, "--duration", TimeSpan.FromSeconds(8));
        var rounds = BenchHost.IntArg(args, "--rounds", 2);
        var connections = BenchHost.IntArg(args, "--connections", 32);
        var conversations = BenchHost.IntArg(args, "--conversations", 1000);
        var latencyDuration = BenchHost.TimeArg(args, "--latency-duration", TimeSpan.FromSeconds(15));
        var scripts = BenchHost.Arg(args, "--wrk-scripts") ?? FindWrkScripts();
        var data = Path.Combine(Path.GetTempPath(), "rasa-orleans-throughput", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var port = BenchHost.FreePort();
        var barePort = BenchHost.FreePort();
        var server = BenchHost.StartServer(serverDll, port, data, ServerEnvironment(args));
        var bare = BenchHost.StartBare(barePort);
        using var http = BenchHost.Client($"http://127.0.0.1:{port}");
        using var bareHttp = BenchHost.Client($"http://127.0.0.1:{barePort}");
        try
        {
            await BenchHost.WaitReadyAsync(http, server);
            await BenchHost.WaitReadyAsync(bareHttp, bare);
            Console.WriteLine($"server {serverDll} (SQLite store, shipped greetbot); bare Kestrel in its own process");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $".NET {Environment.Version}, {Environment.ProcessorCount} cores; {rounds} rounds of {duration.TotalSeconds:0} s runs, {connections} connections, {conversations} conversations; load {BenchHost.LoadAverage()}"));

            // every conversation exists before the runs (one /greet turn each)
            await SeedAsync(http, conversations, connections);
            Console.WriteLine($"seeded {conversations} conversations; load {BenchHost.LoadAverage()}");

            var serverUrl = $"http://127.0.0.1:{port}";
            var bareUrl = $"http://127.0.0.1:{barePort}";
            var n = conversations.ToString(CultureInfo.InvariantCulture);
            var newCounter = 0;
            var warmup = TimeSpan.FromSeconds(3);
            await WrkAsync(scripts, "greet.lua", bareUrl, warmup, connections, n);
            await WrkAsync(scripts, "greet.lua", serverUrl, warmup, connections, n);
            await WrkAsync(scripts, "freetext.lua", serverUrl, warmup, connections, n);
            await LoopAsync(http, warmup, connections, conversations, free: true);
            await LoopAsync(bareHttp, warmup, connections, conversations, free: false);

            var runs = new List<Run>();
            async Task Wrk(string workload, string script, string url, string arg)
            {
                var (rps, errors) = await WrkAsync(scripts, script, url, duration, connections, arg);
                Record(runs, new Run(workload, "wrk", rps, errors, BenchHost.LoadAverage()));
            }

            async Task Net(string workload, HttpClient client, bool free)
            {
                var result = await LoopAsync(client, duration, connections, conversations, free);
                Record(runs, new Run(workload, ".NET", result.RequestsPerSecond, result.Errors, BenchHost.LoadAverage()));
            }

            for (var round = 0; round < rounds; round++)
            {
                await Wrk("bare", "greet.lua", bareUrl, n);
                await Wrk("greet", "greet.lua", serverUrl, n);
                await Wrk("bare", "greet.lua", bareUrl, n);
                await Wrk("free", "freetext.lua", serverUrl, n);
                await Wrk("bare", "greet.lua", bareUrl, n);
                await Net("bare", bareHttp, free: false);
                await Net("loop", http, free: true);
                await Net("bare", bareHttp, free: false);
                await Wrk("bare", "greet.lua", bareUrl, n);
                await Wrk("new", "new.lua", serverUrl, $"n{round}x{++newCounter}x");
            }

            await Wrk("bare", "greet.lua", bareUrl, n);

            Console.WriteLine();
            Console.WriteLine("| workload | client | runs | median requests/s | median bare requests/s (runs next to it, same client) | median ratio to bare | target | errors (non-2xx, socket) |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |");
            SummaryRow(runs, "greet", "(a) `parse` `/greet`, existing conversations", "≥ 0.5× bare");
            SummaryRow(runs, "free", "(b) `parse` free text (NLU), existing conversations", "≥ 0.5× bare");
            SummaryRow(runs, "loop", "(c) `parse` then `continue` until `action_listen` (requests/s)", "≥ 0.5× bare");
            SummaryRow(runs, "new", "(d) first turn of a new conversation", "≥ 0.8× (a)");
            var greet = BenchHost.Median(runs.Where(r => r.Workload == "greet").Select(r => r.Rps));
            var fresh = BenchHost.Median(runs.Where(r => r.Workload == "new").Select(r => r.Rps));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(d) ÷ (a), medians: **{fresh / greet:0.00}** (target ≥ 0.8)"));

            // latency at half the /greet rate, open loop, on the server and on bare at the same rate
            var rate = Math.Max(1, Math.Round(greet / 2));
            Console.WriteLine();
            Console.WriteLine("| open-loop target | rate | requests | p50 | p90 | p99 | max | errors | load |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var (name, client) in new[] { ("server, `parse` `/greet` (existing conversations)", http), ("bare Kestrel, same generator and rate", bareHttp) })
            {
                var random = new Random(11);
                string Path(long i) => $"/conversations/c{random.Next(1, conversations + 1)}/parse";
                string Body(long i) => """{"query":"/greet"}""";
                await LoadClient.OpenLoopAsync(client, rate, TimeSpan.FromSeconds(2), Path, Body);
                var result = await LoadClient.OpenLoopAsync(client, rate, latencyDuration, Path, Body);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {rate:0}/s | {result.Latencies.Length} | {BenchHost.Percentile(result.Latencies, 0.5):0.00} ms | {BenchHost.Percentile(result.Latencies, 0.9):0.00} ms | {BenchHost.Percentile(result.Latencies, 0.99):0.00} ms | {result.Latencies.Max():0.00} ms | {result.Errors} | {BenchHost.LoadAverage()} |"));
            }

            Console.WriteLine();
            Console.WriteLine("target: server p99 ≤ 5 ms at half the /greet rate");
            return 0;
        }
        finally
        {
            BenchHost.Stop(server);
            BenchHost.Stop(bare);
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Environment for the server: <c>--collection-age</c> becomes <c>RasaOrleans__ConversationCollectionAge</c>
    /// (a server that does not know the setting ignores it).</summary>
    public static Dictionary<string, string> ServerEnvironment(string[] args)
    {
        var environment = new Dictionary<string, string>();
        if (BenchHost.Arg(args, "--collection-age") is { } age)
        {
            environment["RasaOrleans__ConversationCollectionAge"] = age;
        }

        return environment;
    }

    /// <summary>One <c>/greet</c> parse on conversations c1..c<paramref name="conversations"/>.</summary>
    public static async Task SeedAsync(HttpClient http, int conversations, int workers)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) <= conversations;)
            {
                var (ok, body) = await LoadClient.PostAsync(http, $"/conversations/c{i}/parse", """{"query":"/greet"}""");
                if (!ok)
                {
                    throw new InvalidOperationException($"seeding c{i}: {body}");
                }
            }
        })));
    }

    private static void Record(List<Run> runs, Run run)
    {
        runs.Add(run);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {runs.Count}: {run.Workload} ({run.Client}) {run.Rps:0} requests/s, {run.Errors} errors, load {run.Load}"));
    }

    private static void SummaryRow(List<Run> runs, string workload, string name, string target)
    {
        var rps = new List<double>();
        var bares = new List<double>();
        var ratios = new List<double>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (runs[i].Workload != workload)
            {
                continue;
            }

            var client = runs[i].Client;
            var before = runs.Take(i).LastOrDefault(r => r.Workload == "bare" && r.Client == client);
            var after = runs.Skip(i + 1).FirstOrDefault(r => r.Workload == "bare" && r.Client == client);
            var neighbours = new[] { before, after }.OfType<Run>().Select(r => r.Rps).ToList();
            var bare = neighbours.Average();
            rps.Add(runs[i].Rps);
            bares.Add(bare);
            ratios.Add(runs[i].Rps / bare);
        }

        var errors = runs.Where(r => r.Workload == workload).Sum(r => r.Errors);
        var clientName = runs.First(r => r.Workload == workload).Client;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {clientName} | {rps.Count} | {BenchHost.Median(rps):0} | {BenchHost.Median(bares):0} | **{BenchHost.Median(ratios):0.00}** | {target} | {errors} |"));
    }

    private static Task<LoadClient.ClosedLoopResult> LoopAsync(HttpClient http, TimeSpan duration, int workers, int conversations, bool free)
    {
        // worker w owns conversations w+1, w+1+workers, … so no two loops share a conversation
        return LoadClient.ClosedLoopAsync(workers, duration, (w, i) =>
        {
            var owned = Math.Max(1, (conversations - w + workers - 1) / workers);
            var id = $"c{w + 1 + (i % owned * workers)}";
            return LoadClient.TurnLoopAsync(http, id, free ? LoadClient.Sentences[(w + i) % LoadClient.Sentences.Length] : "/greet");
        });
    }

    private static async Task<(double Rps, long Errors)> WrkAsync(string scripts, string script, string url, TimeSpan duration, int connections, string scriptArg)
    {
        var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t1", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "-s", Path.Combine(scripts, script), url, "--", scriptArg })
        {
            start.ArgumentList.Add(arg);
        }

        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (bench/throughput.sh installs it)");
        var stdout = wrk.StandardOutput.ReadToEndAsync();
        var stderr = wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var output = await stdout;
        var rps = RequestsPerSecond().Match(output);
        if (wrk.ExitCode != 0 || !rps.Success)
        {
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output} {await stderr}");
        }

        long errors = 0;
        if (NonSuccess().Match(output) is { Success: true } non2xx)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (SocketErrors().Match(output) is { Success: true } socket)
        {
            errors += Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture));
        }

        return (double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture), errors);
    }

    private static string FindWrkScripts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "wrk");
            if (File.Exists(Path.Combine(candidate, "greet.lua")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("bench/wrk not found; pass --wrk-scripts");
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
