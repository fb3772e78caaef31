using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// Issue #11's memory and disk targets on the real server (embedded SQLite store, shipped greetbot):
/// resident memory (and, with <c>--gcdump</c>, the GC heap after the forced full GC <c>dotnet-gcdump</c> makes) per
/// idle conversation after N conversations had one turn each, again after a wait for idle activations to be
/// collected; per stored event during a soak of parse/continue loops on ~2,000 conversations, and after a wait
/// once the soak stopped; then the SQLite files (after a WAL checkpoint) against the stored events' JSON read back
/// through <c>GET /conversations/{id}/tracker?include_events=ALL</c>.
/// Usage: <c>memory [--server dll] [--idle-conversations 20000] [--collection-age 00:01:00] [--idle-wait age+70s]
/// [--soak 60] [--soak-conversations 2000] [--after-wait idle-wait] [--connections 32] [--gcdump path/to/dotnet-gcdump]</c>
/// </summary>
internal static class MemoryBenchmark
{
    private sealed record Snapshot(string Moment, long Resident, long? Heap, string Load);

    public static async Task<int> RunAsync(string[] args)
    {
        var serverDll = BenchHost.Arg(args, "--server") ?? BenchHost.FindServerDll();
        var conversations = BenchHost.IntArg(args, "--idle-conversations", 20_000);
        var age = BenchHost.TimeArg(args, "--collection-age", TimeSpan.FromMinutes(1));
        var idleWait = BenchHost.TimeArg(args, "--idle-wait", age + TimeSpan.FromSeconds(70));
        var soak = BenchHost.TimeArg(args, "--soak", TimeSpan.FromSeconds(60));
        var soakConversations = BenchHost.IntArg(args, "--soak-conversations", 2000);
        // long enough for the soak's conversations to be collected too, so "given back" means after collection
        var afterWait = BenchHost.TimeArg(args, "--after-wait", idleWait);
        var connections = BenchHost.IntArg(args, "--connections", 32);
        var gcdump = BenchHost.Arg(args, "--gcdump");
        var environment = ThroughputBenchmark.ServerEnvironment(args);
        environment["RasaOrleans__ConversationCollectionAge"] = age.ToString("c", CultureInfo.InvariantCulture);
        var data = Path.Combine(Path.GetTempPath(), "rasa-orleans-memory", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var port = BenchHost.FreePort();
        var server = BenchHost.StartServer(serverDll, port, data, environment);
        using var http = BenchHost.Client($"http://127.0.0.1:{port}");
        var snapshots = new List<Snapshot>();
        try
        {
            await BenchHost.WaitReadyAsync(http, server);
            Console.WriteLine($"server {serverDll} (SQLite store, shipped greetbot), RasaOrleans__ConversationCollectionAge={environment["RasaOrleans__ConversationCollectionAge"]}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $".NET {Environment.Version}, {Environment.ProcessorCount} cores; {conversations} idle conversations, idle wait {idleWait.TotalSeconds:0} s; soak {soak.TotalSeconds:0} s on {soakConversations} conversations, then {afterWait.TotalSeconds:0} s; GC heap: {(gcdump is null ? "not measured (no --gcdump)" : "dotnet-gcdump (forces a full GC)")}"));

            // warm up every path once so JIT and caches are in the baseline
            await LoadClient.ClosedLoopAsync(4, TimeSpan.FromSeconds(5), (w, i) => LoadClient.TurnLoopAsync(http, $"w{w}", LoadClient.Sentences[i % LoadClient.Sentences.Length]));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var baseline = await SnapshotAsync(snapshots, "baseline (after a 5 s warm-up)", server.Id, gcdump, data);

            var started = Stopwatch.GetTimestamp();
            await OneTurnEachAsync(http, "m", conversations, connections);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{conversations} first turns in {seconds:0.0} s ({conversations / seconds:0}/s)"));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var loaded = await SnapshotAsync(snapshots, $"{conversations:N0} conversations had one turn each", server.Id, gcdump, data);
            await Task.Delay(idleWait);
            var idle = await SnapshotAsync(snapshots, $"then idle for {idleWait.TotalSeconds:0} s", server.Id, gcdump, data);

            var result = await LoadClient.ClosedLoopAsync(connections, soak, (w, i) =>
            {
                var owned = Math.Max(1, (soakConversations - w + connections - 1) / connections);
                return LoadClient.TurnLoopAsync(http, $"s{w + 1 + (i % owned * connections)}", LoadClient.Sentences[(w + i) % LoadClient.Sentences.Length]);
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {result.Requests} requests in {result.Seconds:0} s ({result.RequestsPerSecond:0}/s), {result.Errors} errors"));
            var soaked = await SnapshotAsync(snapshots, $"after a {soak.TotalSeconds:0} s soak on {soakConversations:N0} conversations", server.Id, gcdump, data);
            await Task.Delay(afterWait);
            var after = await SnapshotAsync(snapshots, $"then idle for {afterWait.TotalSeconds:0} s", server.Id, gcdump, data);

            // the stored events, read back (this activates every conversation again, so memory is measured before)
            var (soakEvents, soakJson) = await StoredEventsAsync(http, "s", soakConversations, connections);
            var (idleEvents, idleJson) = await StoredEventsAsync(http, "m", conversations, connections);
            var (warmEvents, warmJson) = await StoredEventsAsync(http, "w", 4, connections, zeroBased: true);

            Console.WriteLine();
            Console.WriteLine("| moment | resident memory (VmRSS) | GC heap after a forced full GC | load |");
            Console.WriteLine("| --- | ---: | ---: | --- |");
            foreach (var s in snapshots)
            {
                Console.WriteLine($"| {s.Moment} | {Mb(s.Resident)} | {(s.Heap is { } h ? Mb(h) : "-")} | {s.Load} |");
            }

            Console.WriteLine();
            Console.WriteLine("| measure | resident memory | GC heap (forced GC) | target |");
            Console.WriteLine("| --- | ---: | ---: | --- |");
            Console.WriteLine($"| per idle conversation, {conversations:N0} with one turn each | {PerItem(loaded.Resident - baseline.Resident, conversations)} | {PerItem(loaded.Heap - baseline.Heap, conversations)} | ≤ 4 KB |");
            Console.WriteLine($"| per idle conversation, after {idleWait.TotalSeconds:0} s idle (collection age {age.TotalSeconds:0} s asked) | {PerItem(idle.Resident - baseline.Resident, conversations)} | {PerItem(idle.Heap - baseline.Heap, conversations)} | activations collected |");
            Console.WriteLine($"| per stored event of the soak ({soakEvents:N0} events on {soakConversations:N0} conversations) | {PerItem(soaked.Resident - idle.Resident, soakEvents)} | {PerItem(soaked.Heap - idle.Heap, soakEvents)} | ≤ 300 B |");
            Console.WriteLine($"| given back {afterWait.TotalSeconds:0} s after the soak (growth kept, of the soak's growth) | {Kept(after.Resident - idle.Resident, soaked.Resident - idle.Resident)} | {Kept(after.Heap - idle.Heap, soaked.Heap - idle.Heap)} | memory given back or reused |");

            var files = DiskBytes(data);
            var events = soakEvents + idleEvents + warmEvents;
            var json = soakJson + idleJson + warmJson;
            Console.WriteLine();
            Console.WriteLine("| conversations | stored events | events' JSON (UTF-8, as read back) | SQLite db + wal after a checkpoint | ratio | target |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | --- |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {conversations + soakConversations + 4:N0} | {events:N0} | {Mb(json)} | {Mb(files)} | **{(double)files / json:0.00}×** | ≤ 1.5× |"));
            return 0;
        }
        finally
        {
            BenchHost.Stop(server);
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<Snapshot> SnapshotAsync(List<Snapshot> snapshots, string moment, int pid, string? gcdump, string data)
    {
        var heap = gcdump is null ? null : await GcHeapAsync(gcdump, pid, data);
        var snapshot = new Snapshot(moment, BenchHost.ResidentBytes(pid), heap, BenchHost.LoadAverage());
        snapshots.Add(snapshot);
        Console.WriteLine($"{moment}: RSS {Mb(snapshot.Resident)}, GC heap {(heap is { } h ? Mb(h) : "-")}, load {snapshot.Load}");
        return snapshot;
    }

    /// <summary>The live GC heap after the full GC <c>dotnet-gcdump collect</c> induces, summed from its report.</summary>
    private static async Task<long?> GcHeapAsync(string gcdump, int pid, string data)
    {
        var file = Path.Combine(data, $"{Guid.NewGuid():N}.gcdump");
        var collect = await RunToolAsync(gcdump, "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file);
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"dotnet-gcdump collect failed: {collect}");
            return null;
        }

        var report = await RunToolAsync(gcdump, "report", file);
        File.Delete(file);
        // the report starts with "      797,637  GC Heap bytes"
        var line = report.Split('\n').FirstOrDefault(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
        var figure = line?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].Replace(",", string.Empty, StringComparison.Ordinal);
        if (figure is null || !long.TryParse(figure, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
        {
            Console.Error.WriteLine($"no heap size in the dotnet-gcdump report: {report}");
            return null;
        }

        return bytes;
    }

    private static async Task<string> RunToolAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }

    private static async Task OneTurnEachAsync(HttpClient http, string prefix, int count, int workers)
    {
        var next = 0;
        long errors = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) <= count;)
            {
                var (ok, _) = await LoadClient.PostAsync(http, $"/conversations/{prefix}{i}/parse", """{"query":"/greet"}""");
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        if (errors > 0)
        {
            Console.WriteLine($"{errors} first turns failed");
        }
    }

    /// <summary>Events and their JSON bytes (each event as the tracker renders it) of conversations prefix1..prefixN.</summary>
    private static async Task<(long Events, long Bytes)> StoredEventsAsync(HttpClient http, string prefix, int count, int workers, bool zeroBased = false)
    {
        long events = 0;
        long bytes = 0;
        var next = zeroBased ? -1 : 0;
        var last = zeroBased ? count - 1 : count;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) <= last;)
            {
                using var response = await http.GetAsync($"/conversations/{prefix}{i}/tracker?include_events=ALL");
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                foreach (var e in document.RootElement.GetProperty("events").EnumerateArray())
                {
                    Interlocked.Increment(ref events);
                    Interlocked.Add(ref bytes, Encoding.UTF8.GetByteCount(e.GetRawText()));
                }
            }
        })));
        return (events, bytes);
    }

    /// <summary>Bytes of the conversation store's files after <c>PRAGMA wal_checkpoint(TRUNCATE)</c>.</summary>
    private static long DiskBytes(string data)
    {
        var db = Path.Combine(data, "rasa-orleans.db");
        using (var connection = new SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using var reader = command.ExecuteReader();
            if (reader.Read() && reader.GetInt64(0) != 0)
            {
                Console.WriteLine("checkpoint was busy: the WAL is counted as it is");
            }
        }

        return new[] { db, db + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");

    private static string PerItem(long? bytes, long count) => bytes is not { } b || count == 0 ? "-"
        : Math.Abs(b) / count >= 1024 ? string.Create(CultureInfo.InvariantCulture, $"{b / 1024.0 / count:0.0} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{(double)b / count:0} B");

    private static string Kept(long? kept, long? grown) => kept is not { } k || grown is not { } g ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{Mb(k)} of {Mb(g)} kept");
}
