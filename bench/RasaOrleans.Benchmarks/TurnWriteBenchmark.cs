using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// Measures the storage cost of one conversation turn (3 appended events) against conversations that
/// already hold 10 and 10,000 events, and compares it with rewriting the whole log every turn.
/// Usage: <c>dotnet run -c Release --project bench/RasaOrleans.Benchmarks [-- --synchronous full] [--scale 1]</c>
/// </summary>
internal static class TurnWriteBenchmark
{
    private const string StateName = "tracker";
    private const int EventsPerTurn = 3;

    public static int Run(string[] args)
    {
        var synchronous = Arg(args, "--synchronous") is "full" ? SqliteSynchronousMode.Full : SqliteSynchronousMode.Normal;
        var scale = int.Parse(Arg(args, "--scale") ?? "1", CultureInfo.InvariantCulture);
        var directory = Path.Combine(Path.GetTempPath(), "rasa-orleans-bench", Guid.NewGuid().ToString("N"));
        Console.WriteLine($"SQLite grain storage, synchronous={synchronous}, file in {directory}");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {Environment.OSVersion}");
        Console.WriteLine();
        Console.WriteLine("| case | existing events | writes measured | median | p90 | max |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        try
        {
            var storage = new SqliteGrainStorage("bench", new SqliteGrainStorageOptions { DataDirectory = directory, Synchronous = synchronous }, NullLogger<SqliteGrainStorage>.Instance);
            Measure(storage, "append one turn", existing: 10, grains: 200 * scale, writesPerGrain: 5, rewrite: false);
            Measure(storage, "append one turn", existing: 10_000, grains: 20 * scale, writesPerGrain: 50, rewrite: false);
            Measure(storage, "rewrite whole log", existing: 10, grains: 200 * scale, writesPerGrain: 5, rewrite: true);
            Measure(storage, "rewrite whole log", existing: 10_000, grains: 5 * scale, writesPerGrain: 10, rewrite: true);
            MeasureRead(storage, existing: 10_000, grains: 5 * scale);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static void Measure(SqliteGrainStorage storage, string name, int existing, int grains, int writesPerGrain, bool rewrite)
    {
        var samples = new List<double>(grains * writesPerGrain);
        for (var g = 0; g < grains; g++)
        {
            var (id, state) = Seed(storage, existing);
            for (var w = 0; w < writesPerGrain; w++)
            {
                AddTurn(state.State.Events, w);
                if (rewrite)
                {
                    // what a whole-log store pays: every event of the conversation written again
                    state.State.Generation++;
                }

                var started = Stopwatch.GetTimestamp();
                storage.WriteStateAsync(StateName, id, state).GetAwaiter().GetResult();
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        Report(name, existing, samples);
    }

    private static void MeasureRead(SqliteGrainStorage storage, int existing, int grains)
    {
        var samples = new List<double>();
        for (var g = 0; g < grains; g++)
        {
            var (id, _) = Seed(storage, existing);
            for (var r = 0; r < 10; r++)
            {
                var state = new BenchmarkState<ConversationState>(new ConversationState());
                var started = Stopwatch.GetTimestamp();
                storage.ReadStateAsync(StateName, id, state).GetAwaiter().GetResult();
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        Report("read whole log (activation)", existing, samples);
    }

    private static (GrainId Id, BenchmarkState<ConversationState> State) Seed(SqliteGrainStorage storage, int existing)
    {
        var id = GrainId.Create("conversation", $"default/{Guid.NewGuid():N}");
        var state = new BenchmarkState<ConversationState>(new ConversationState { Exists = true });
        for (var i = 0; state.State.Events.Count < existing; i++)
        {
            AddTurn(state.State.Events, i);
        }

        state.State.Events.RemoveRange(existing, state.State.Events.Count - existing);
        storage.WriteStateAsync(StateName, id, state).GetAwaiter().GetResult();
        return (id, state);
    }

    // Three events of realistic size (a parsed user message, an action, action_listen).
    private static void AddTurn(List<string> events, int turn)
    {
        events.Add($$"""{"event":"user","timestamp":1533715200.{{turn}},"text":"I am feeling great today {{turn}}","parse_data":{"intent":{"name":"mood_great","confidence":0.9731},"entities":[],"intent_ranking":[{"name":"mood_great","confidence":0.9731},{"name":"mood_unhappy","confidence":0.0211}],"text":"I am feeling great today {{turn}}"},"input_channel":null}""");
        events.Add($$"""{"event":"action","timestamp":1533715200.{{turn}},"name":"utter_happy","policy":"policy_0_MemoizationPolicy","confidence":1.0}""");
        events.Add($$"""{"event":"action","timestamp":1533715200.{{turn}},"name":"action_listen","policy":"policy_0_MemoizationPolicy","confidence":1.0}""");
    }

    private static void Report(string name, int existing, List<double> samples)
    {
        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {existing:N0} | {samples.Count} | {At(0.5):F3} ms | {At(0.9):F3} ms | {samples[^1]:F3} ms |"));
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
