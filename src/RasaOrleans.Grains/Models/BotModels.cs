using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RasaOrleans.Inference.Models;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// The models each bot serves in this silo, loaded once and shared by every grain (trained models are
/// read-only and safe to share). Loading happens at start-up or on <c>/load</c>, never inside a grain turn.
/// </summary>
public sealed partial class BotModels(ILogger<BotModels> logger)
{
    private readonly ConcurrentDictionary<string, LoadedBot> _bots = new(StringComparer.Ordinal);

    /// <summary>The bot's model, or null when none is loaded.</summary>
    public LoadedBot? Find(string botId) => _bots.GetValueOrDefault(botId);

    public IReadOnlyCollection<LoadedBot> All => [.. _bots.Values];

    /// <summary>
    /// Loads a model directory for <paramref name="botId"/> and serves it, replacing what the bot served (see
    /// <see cref="Prepare"/> for where its NLU model comes from).
    /// </summary>
    public LoadedBot Load(string botId, string modelDirectory, string? nluDirectory = null) =>
        Serve(Prepare(botId, modelDirectory, nluDirectory));

    /// <summary>
    /// Loads a model directory for <paramref name="botId"/> without serving it yet. The conversations' NLU model
    /// comes from <paramref name="nluDirectory"/> when given, else from the model directory (its <c>nlu/</c>
    /// folder); a model directory without one keeps the NLU model the bot had, as Rasa's <c>/load</c> keeps its
    /// interpreter. Everything is read into memory: the directory may be deleted afterwards.
    /// </summary>
    public LoadedBot Prepare(string botId, string modelDirectory, string? nluDirectory = null, string? origin = null)
    {
        var model = DialogueModelLoader.Load(modelDirectory);
        var nlu = nluDirectory is not null
            ? LoadNluFrom(nluDirectory)
            : NluModels.ResolveDirectory(modelDirectory) is { } nested ? LoadNlu(nested) : Find(botId)?.Nlu;
        return new LoadedBot(botId, model, nlu, origin ?? Path.GetFullPath(modelDirectory));
    }

    /// <summary>Serves <paramref name="bot"/> from now on: the next turn of every conversation of the bot uses it.</summary>
    public LoadedBot Serve(LoadedBot bot)
    {
        _bots[bot.BotId] = bot;
        LogLoaded(logger, bot.BotId, bot.ModelDirectory, bot.Fingerprint, bot.Nlu?.Fingerprint ?? "none");
        return bot;
    }

    /// <summary>Stops serving a model for <paramref name="botId"/>: the next turn of its conversations finds none.</summary>
    public void Unload(string botId)
    {
        if (_bots.TryRemove(botId, out _))
        {
            LogUnloaded(logger, botId);
        }
    }

    /// <summary>Loads an NLU model folder and parses once, so the first user message does not pay for JIT.</summary>
    public static NluModel LoadNlu(string directory)
    {
        var model = NluModel.Load(directory);

        // the first parse JITs the featurizers and classifier; pay for it here, not on the first user message
        model.CreateParser().Parse("hello");
        return model;
    }

    /// <summary>
    /// Loads (see <see cref="LoadNlu"/>) the NLU model in <paramref name="directory"/>: an NLU folder, or a model
    /// directory with <c>nlu/</c>.
    /// </summary>
    public static NluModel LoadNluFrom(string directory) =>
        LoadNlu(NluModels.ResolveDirectory(directory) ?? throw new Core.RasaFormatException(
            $"no NLU model here: neither {NluModel.ManifestFileName} nor {NluModels.NluFolder}/{NluModel.ManifestFileName} exists", directory));

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {BotId} serves no model any more (unloaded)")]
    private static partial void LogUnloaded(ILogger logger, string botId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {BotId} serves model {Directory} (fingerprint {Fingerprint}, NLU {NluFingerprint})")]
    private static partial void LogLoaded(ILogger logger, string botId, string directory, string fingerprint, string nluFingerprint);
}
