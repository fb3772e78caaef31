using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// End-to-end latency of one conversation turn over HTTP against the real server process on its embedded
/// SQLite store, for a conversation of 10 events and one of 10,000 events, next to a bare Kestrel endpoint
/// measured in the same run (the ratio is what to compare; the machine is shared and noisy).
/// A turn is <c>POST /conversations/{id}/parse</c> (interpret, log, predict, record the listen, store) followed by
/// <c>POST /conversations/{id}/continue</c> for the bot's action.
/// Usage: <c>dotnet run -c Release --project bench/RasaOrleans.Benchmarks -- turns [--server &lt;RasaOrleans.Server.dll&gt;] [--turns 300] [--postgres &lt;connection string&gt;]</c>
/// </summary>
internal static class TurnLatencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var turns = BenchHost.IntArg(args, "--turns", 300);
        var serverDll = BenchHost.Arg(args, "--server") ?? BenchHost.FindServerDll();
        var postgres = BenchHost.Arg(args, "--postgres");
        var data = Path.Combine(Path.GetTempPath(), "rasa-orleans-turn-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var port = BenchHost.FreePort();
        using var server = BenchHost.StartServer(serverDll, port, data, postgres is null ? null : new Dictionary<string, string>
        {
            ["RasaOrleans__Storage"] = "Postgres",
            ["RasaOrleans__PostgresConnectionString"] = postgres,
        });
        await using var bare = await BareServer.StartAsync(BenchHost.FreePort());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var bareHttp = new HttpClient { BaseAddress = new Uri(bare.Urls.First()) };
        try
        {
            await BenchHost.WaitReadyAsync(http, server);
            Console.WriteLine($"server {serverDll}, storage {(postgres is null ? "SQLite (embedded default)" : "PostgreSQL")}");
            Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores; {turns} turns per case after 50 warm-up turns");
            await SeedAsync(http, "short", 10);
            await SeedAsync(http, "long", 10_000);

            await MeasureTurnsAsync(http, "short", 50);
            await MeasureTurnsAsync(http, "long", 50);
            await MeasureBareAsync(bareHttp, 50);

            // interleave the cases so load changes on the machine hit all of them alike
            var shortTimes = new List<double>();
            var longTimes = new List<double>();
            var bareTimes = new List<double>();
            for (var i = 0; i < turns; i++)
            {
                shortTimes.AddRange(await MeasureTurnsAsync(http, "short", 1));
                longTimes.AddRange(await MeasureTurnsAsync(http, "long", 1));
                bareTimes.AddRange(await MeasureBareAsync(bareHttp, 2));
            }

            var shortEvents = await CountEventsAsync(http, "short");
            var longEvents = await CountEventsAsync(http, "long");
            Console.WriteLine();
            Console.WriteLine("| case | events at the end | requests | median per request | p90 | median ÷ bare Kestrel |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            var bareMedian = BenchHost.Percentile(bareTimes, 0.5);
            Row("bare Kestrel POST (JSON echo)", "-", bareTimes, bareMedian);
            Row("conversation of 10 events (parse or continue)", shortEvents.ToString(CultureInfo.InvariantCulture), shortTimes, bareMedian);
            Row("conversation of 10,000 events (parse or continue)", longEvents.ToString(CultureInfo.InvariantCulture), longTimes, bareMedian);
            Console.WriteLine();
            Console.WriteLine($"long ÷ short median: {BenchHost.Percentile(longTimes, 0.5) / BenchHost.Percentile(shortTimes, 0.5):0.00}");
            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<List<double>> MeasureTurnsAsync(HttpClient http, string id, int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var parse = await PostAsync(http, $"/conversations/{id}/parse", """{"query": "/greet"}""");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var action = System.Text.Json.JsonDocument.Parse(parse).RootElement.GetProperty("next_action").GetString();
            if (action is not null && action != "action_listen")
            {
                started = Stopwatch.GetTimestamp();
                await PostAsync(http, $"/conversations/{id}/continue", $$"""{"executed_action": "{{action}}", "events": []}""");
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return times;
    }

    private static async Task<List<double>> MeasureBareAsync(HttpClient http, int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await PostAsync(http, "/echo", """{"query": "/greet"}""");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    /// <summary>Builds a conversation of about <paramref name="events"/> events with one PUT of the event list.</summary>
    private static async Task SeedAsync(HttpClient http, string id, int events)
    {
        var json = new StringBuilder("[{\"event\": \"action\", \"name\": \"action_listen\"}");
        var count = 1;
        var t = 1_700_000_000.0;
        string[] intents = ["greet", "mood_great", "thank", "goodbye"];
        string[] answers = ["utter_greet", "utter_happy", "utter_you_are_welcome", "utter_goodbye"];
        for (var i = 0; count + 4 <= events; i++)
        {
            var k = i % intents.Length;
            json.Append(CultureInfo.InvariantCulture, $$$""", {"event": "user", "text": "/{{{intents[k]}}}", "timestamp": {{{t += 1}}}, "parse_data": {"text": "/{{{intents[k]}}}", "intent": {"name": "{{{intents[k]}}}", "confidence": 1.0}, "intent_ranking": [{"name": "{{{intents[k]}}}", "confidence": 1.0}], "entities": []}}""");
            json.Append(CultureInfo.InvariantCulture, $$""", {"event": "action", "name": "{{answers[k]}}", "timestamp": {{t += 1}}}""");
            json.Append(CultureInfo.InvariantCulture, $$""", {"event": "bot", "text": "...", "timestamp": {{t += 1}}}""");
            json.Append(CultureInfo.InvariantCulture, $$""", {"event": "action", "name": "action_listen", "timestamp": {{t += 1}}}""");
            count += 4;
        }

        json.Append(']');
        using var response = await http.PutAsync($"/conversations/{id}/tracker", new StringContent(json.ToString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<int> CountEventsAsync(HttpClient http, string id)
    {
        var json = await http.GetStringAsync($"/conversations/{id}/tracker?include_events=ALL");
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("events").GetArrayLength();
    }

    private static async Task<string> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
        }

        return body;
    }

    private static void Row(string name, string events, List<double> times, double bareMedian)
    {
        var median = BenchHost.Percentile(times, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {events} | {times.Count} | {median:0.000} ms | {BenchHost.Percentile(times, 0.9):0.000} ms | {median / bareMedian:0.0} |"));
    }
}
