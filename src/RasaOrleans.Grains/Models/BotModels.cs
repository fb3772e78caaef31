using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RasaOrleans.Core.Models;
using RasaOrleans.Inference.Models;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// The models each bot serves in this silo, loaded once and shared by every grain (trained models are
/// read-only and safe to share). Loading happens at start-up or on <c>/load</c>, never inside a grain turn.
/// </summary>
public sealed partial class BotModels(ILogger<BotModels> logger)
{
    private readonly ConcurrentDictionary<string, LoadedBot> _bots = new(StringComparer.Ordinal);

    /// <summary>Raised after a bot's model is replaced.</summary>
    public event Action<LoadedBot>? ModelChanged;

    /// <summary>The bot's model, or null when none is loaded.</summary>
    public LoadedBot? Find(string botId) => _bots.GetValueOrDefault(botId);

    public IReadOnlyCollection<LoadedBot> All => [.. _bots.Values];

    /// <summary>Loads a model directory for <paramref name="botId"/>, replacing what it served.</summary>
    public LoadedBot Load(string botId, string modelDirectory)
    {
        var model = DialogueModelLoader.Load(modelDirectory);
        var bot = new LoadedBot(botId, model, Path.GetFullPath(modelDirectory));
        _bots[botId] = bot;
        LogLoaded(logger, botId, bot.ModelDirectory, bot.Fingerprint);
        ModelChanged?.Invoke(bot);
        return bot;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {BotId} serves model {Directory} (fingerprint {Fingerprint})")]
    private static partial void LogLoaded(ILogger logger, string botId, string directory, string fingerprint);
}
