using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// The .NET load generators: closed-loop workers (each sends its next request when the last one is answered) and
/// an open-loop generator (a fixed schedule of send times; a request's latency counts from its scheduled time,
/// so time spent queued behind slow answers counts as well).
/// </summary>
internal static class LoadClient
{
    /// <summary>Sentences of greetbot's intents, rotated by the free-text workloads.</summary>
    public static readonly string[] Sentences =
    [
        "hello there", "good morning", "I am feeling great today", "I am sad", "my name is Ada", "thank you",
        "yes of course", "no way", "see you later",
    ];

    /// <summary>The outcome of a closed-loop run.</summary>
    public sealed record ClosedLoopResult(long Requests, long Errors, double Seconds)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    /// <summary>The outcome of an open-loop run: latencies in milliseconds from each request's scheduled time.</summary>
    public sealed record OpenLoopResult(double Rate, double[] Latencies, long Errors);

    /// <summary>POSTs JSON; returns whether it succeeded and the body.</summary>
    public static async Task<(bool Ok, string Body)> PostAsync(HttpClient http, string path, string json)
    {
        try
        {
            using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            return (response.IsSuccessStatusCode, body);
        }
        catch (HttpRequestException e)
        {
            return (false, e.Message);
        }
    }

    /// <summary>One turn as a client drives it: <c>parse</c>, then <c>continue</c> with each predicted action until
    /// <c>action_listen</c> (at most 10 actions). Returns the requests sent and how many failed.</summary>
    public static async Task<(int Requests, int Errors)> TurnLoopAsync(HttpClient http, string id, string text)
    {
        var (ok, body) = await PostAsync(http, $"/conversations/{id}/parse", JsonSerializer.Serialize(new { query = text }));
        var requests = 1;
        var errors = ok ? 0 : 1;
        for (var i = 0; ok && i < 10; i++)
        {
            var action = NextAction(body);
            if (action is null or "action_listen")
            {
                break;
            }

            (ok, body) = await PostAsync(http, $"/conversations/{id}/continue", JsonSerializer.Serialize(new { executed_action = action, events = Array.Empty<object>() }));
            requests++;
            errors += ok ? 0 : 1;
        }

        return (requests, errors);
    }

    /// <summary>Runs <paramref name="workers"/> concurrent loops of <paramref name="iteration"/> (worker index,
    /// iteration index → requests sent, errors) for <paramref name="duration"/>.</summary>
    public static async Task<ClosedLoopResult> ClosedLoopAsync(int workers, TimeSpan duration, Func<int, long, Task<(int Requests, int Errors)>> iteration)
    {
        long requests = 0;
        long errors = 0;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (long i = 0; Stopwatch.GetTimestamp() < end; i++)
            {
                var (r, e) = await iteration(w, i);
                Interlocked.Add(ref requests, r);
                Interlocked.Add(ref errors, e);
            }
        })));
        return new ClosedLoopResult(requests, errors, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Sends <c>rate × duration</c> POSTs on a fixed schedule whatever the answers do. The dispatcher wakes
    /// about every millisecond and sends every request whose time has come, so up to ~1 ms of each latency is the
    /// generator's own (the same run against the bare endpoint shows that floor).</summary>
    public static async Task<OpenLoopResult> OpenLoopAsync(HttpClient http, double rate, TimeSpan duration, Func<long, string> path, Func<long, string> body)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var sends = new List<Task<(double Latency, bool Ok)>>((int)total);
        var start = Stopwatch.GetTimestamp();
        for (long i = 0; i < total;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < total && start + (long)(i * ticksPerRequest) <= now; i++)
            {
                sends.Add(SendAtAsync(http, path(i), body(i), start + (long)(i * ticksPerRequest)));
            }

            await Task.Delay(1);
        }

        var results = await Task.WhenAll(sends);
        return new OpenLoopResult(rate, [.. results.Select(r => r.Latency)], results.LongCount(r => !r.Ok));
    }

    private static async Task<(double Latency, bool Ok)> SendAtAsync(HttpClient http, string path, string json, long scheduled)
    {
        await Task.Yield();
        var (ok, _) = await PostAsync(http, path, json);
        return (Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds, ok);
    }

    private static string? NextAction(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("next_action", out var action) ? action.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
