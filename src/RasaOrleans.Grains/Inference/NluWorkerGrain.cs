using System.Diagnostics;
using RasaOrleans.Abstractions.Inference;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Grains.Models;
using RasaOrleans.Grains.Telemetry;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Inference;

/// <summary>
/// Interprets user text. Texts starting with <c>/</c> or <c>_</c>, and every text for a key with no NLU model
/// registered, go to the regex interpreter, as in Rasa; other texts go to the registered model. A stateless
/// worker is not reentrant, so each activation handles one request at a time and can keep its own
/// (non-thread-safe) parser per model; concurrent requests get other activations.
/// </summary>
[StatelessWorker]
public sealed class NluWorkerGrain(NluModels models, RasaMetrics metrics) : Grain, INluGrain
{
    private readonly RegexInterpreter _regex = new();
    private readonly Dictionary<string, (string Fingerprint, NluParser Parser)> _parsers = new(StringComparer.Ordinal);

    public Task<string> ParseAsync(string modelKey, string text)
    {
        var started = Stopwatch.GetTimestamp();
        var model = RegexInterpreter.IsRegexMessage(text) ? null : models.Find(modelKey);
        var parseData = model is null ? _regex.Parse(text) : ParserFor(modelKey, model).Parse(text);
        metrics.NluLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("rasa.bot", modelKey),
            new KeyValuePair<string, object?>("rasa.nlu.interpreter", model is null ? "regex" : "model"));
        return Task.FromResult(JsonText.Write(parseData));
    }

    // A parser costs little to create but keeps scratch buffers; reuse it until the key's model is replaced.
    private NluParser ParserFor(string modelKey, LoadedNluModel model)
    {
        if (_parsers.TryGetValue(modelKey, out var cached) && cached.Fingerprint == model.Fingerprint)
        {
            return cached.Parser;
        }

        var parser = model.Model.CreateParser();
        _parsers[modelKey] = (model.Fingerprint, parser);
        return parser;
    }
}
