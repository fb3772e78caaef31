using System.Diagnostics;
using RasaOrleans.Abstractions.Inference;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Grains.Inference;

/// <summary>
/// Interprets user text. Texts starting with <c>/</c> or <c>_</c>, and every text of a bot without an NLU
/// model, go to the regex interpreter, as in Rasa.
/// </summary>
[StatelessWorker]
public sealed class NluWorkerGrain(RasaMetrics metrics) : Grain, INluGrain
{
    private readonly RegexInterpreter _regex = new();

    public Task<string> ParseAsync(string botId, string text)
    {
        var started = Stopwatch.GetTimestamp();
        var parseData = _regex.Parse(text);
        metrics.NluLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("rasa.bot", botId));
        return Task.FromResult(JsonText.Write(parseData));
    }
}
