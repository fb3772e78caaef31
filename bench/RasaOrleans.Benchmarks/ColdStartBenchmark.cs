using System.Diagnostics;
using System.Globalization;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// Issue #11's cold-start target: from starting <c>dotnet RasaOrleans.Server.dll run</c> (fresh data directory,
/// shipped greetbot, SQLite store) to the first answered <c>POST /model/parse</c>, and to the first answered
/// conversation parse after it; median of several starts.
/// Usage: <c>coldstart [--server dll] [--starts 5]</c>
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var serverDll = BenchHost.Arg(args, "--server") ?? BenchHost.FindServerDll();
        var starts = BenchHost.IntArg(args, "--starts", 5);
        var toNlu = new List<double>();
        var toConversation = new List<double>();
        var loads = new List<string>();

        // this process's own HTTP client stack is warmed first, so its JIT is not counted as the server's start
        await using (var bare = await BareServer.StartAsync(BenchHost.FreePort()))
        {
            using var warm = new HttpClient { BaseAddress = new Uri(bare.Urls.First()) };
            await LoadClient.PostAsync(warm, "/model/parse", """{"text":"hello"}""");
        }

        for (var i = 0; i < starts; i++)
        {
            var data = Path.Combine(Path.GetTempPath(), "rasa-orleans-coldstart", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(data);
            var port = BenchHost.FreePort();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            loads.Add(BenchHost.LoadAverage());
            var started = Stopwatch.GetTimestamp();
            var server = BenchHost.StartServer(serverDll, port, data, ThroughputBenchmark.ServerEnvironment(args));
            try
            {
                while (!(await LoadClient.PostAsync(http, "/model/parse", """{"text":"hello there"}""")).Ok)
                {
                    if (server.HasExited || Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(2))
                    {
                        throw new InvalidOperationException("the server did not answer /model/parse");
                    }

                    await Task.Delay(5);
                }

                toNlu.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var (ok, body) = await LoadClient.PostAsync(http, "/conversations/cold/parse", """{"query":"hello there"}""");
                if (!ok)
                {
                    throw new InvalidOperationException($"first conversation parse failed: {body}");
                }

                toConversation.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"start {i + 1}: /model/parse after {toNlu[^1]:0} ms, conversation parse after {toConversation[^1]:0} ms, load {loads[^1]}"));
            }
            finally
            {
                BenchHost.Stop(server);
                Directory.Delete(data, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| from process start to | starts | median | min | max | target | load at the starts |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var (name, times) in new[] { ("first answered `POST /model/parse`", toNlu), ("first answered `POST /conversations/{id}/parse` (right after)", toConversation) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {times.Count} | **{BenchHost.Median(times):0} ms** | {times.Min():0} ms | {times.Max():0} ms | ≤ 1 s | {loads.First()} … {loads.Last()} |"));
        }

        return 0;
    }
}
