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
    /// <summary>Tag of NLU latency measured for the NLU routes: the model's name.</summary>
    public const string ModelTag = "rasa.nlu.model";

    private readonly RegexInterpreter _regex = new();

    // one parser per bot or NLU-route name: a swapped-out model's parser is replaced, so the old model is not kept
    private readonly Dictionary<string, (NluModel Model, NluParser Parser)> _parsers = new(StringComparer.Ordinal);

    public Task<string> ParseAsync(string modelKey, string text)
    {
        var model = RegexInterpreter.IsRegexMessage(text) ? null : models.Find(modelKey);
        return Task.FromResult(Parse(new(ModelTag, modelKey), "route:" + modelKey, model?.Model, text));
    }

    public Task<InProcessHandle?> ParseWithAsync(InProcessHandle model, string text)
    {
        if (model.Value is not LoadedBot bot)
        {
            // the handle crossed silos (this silo is not the caller's): the caller parses itself
            return Task.FromResult<InProcessHandle?>(null);
        }

        var parseData = ParseData(new(RasaMetrics.BotTag, bot.BotId), "bot:" + bot.BotId, RegexInterpreter.IsRegexMessage(text) ? null : bot.Nlu, text);
        return Task.FromResult<InProcessHandle?>(new InProcessHandle(parseData, model.Label));
    }

    /// <summary>Parses without a worker (a fresh parser): for a caller whose worker call left its silo.</summary>
    public static System.Text.Json.Nodes.JsonObject ParseLocally(LoadedBot bot, string text) =>
        RegexInterpreter.IsRegexMessage(text) || bot.Nlu is null ? new RegexInterpreter().Parse(text) : bot.Nlu.CreateParser().Parse(text);

    // owner: the bot whose conversation sent the text, or the NLU routes' model name (which names no bot)
    private string Parse(KeyValuePair<string, object?> owner, string user, NluModel? model, string text) =>
        JsonText.Write(ParseData(owner, user, model, text));

    private System.Text.Json.Nodes.JsonObject ParseData(KeyValuePair<string, object?> owner, string user, NluModel? model, string text)
    {
        var started = Stopwatch.GetTimestamp();
        var parseData = model is null ? _regex.Parse(text) : ParserFor(user, model).Parse(text);
        metrics.NluLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            owner,
            new KeyValuePair<string, object?>("rasa.nlu.interpreter", model is null ? "regex" : "model"));
        return parseData;
    }

    // A parser costs little to create but keeps scratch buffers; reuse it while its user's model is served.
    private NluParser ParserFor(string user, NluModel model)
    {
        if (_parsers.TryGetValue(user, out var cached) && ReferenceEquals(cached.Model, model))
        {
            return cached.Parser;
        }

        var parser = model.CreateParser();
        _parsers[user] = (model, parser);
        return parser;
    }
}
