using Microsoft.Extensions.Options;
using RasaOrleans.Core;
using RasaOrleans.Grains.Models;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Loads the dialogue model (<c>-d</c>, or the shipped default bot) before the server takes requests, so no
/// grain turn ever loads a model. A model that fails to load is logged and the server runs without it, as
/// Rasa does: conversation routes then answer 503.
/// </summary>
public sealed partial class ModelLoaderService(
    BotModels models,
    IOptions<RasaOrleansOptions> options,
    ILogger<ModelLoaderService> logger) : IHostedService, IStartupBanner
{
    /// <summary>The bot served when no <c>-d</c> is given, as copied next to the server's binaries.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "models", "greetbot", "model");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var directory = o.CoreModel ?? DefaultModelDirectory;
        try
        {
            models.Load(o.BotId, directory);
        }
        catch (RasaFormatException e)
        {
            LogLoadFailed(logger, directory, e.Message);
        }
        catch (IOException e)
        {
            LogLoadFailed(logger, directory, e.Message);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public IEnumerable<KeyValuePair<string, string>> GetBannerItems()
    {
        var bots = models.All;
        if (bots.Count == 0)
        {
            yield return new("model", "none loaded: conversation routes answer 503 until POST /load");
        }

        foreach (var bot in bots)
        {
            yield return new($"bot {bot.BotId}", $"{bot.ModelDirectory} (fingerprint {bot.Fingerprint})");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the dialogue model {Directory}: {Problem}. The server runs without a model.")]
    private static partial void LogLoadFailed(ILogger logger, string directory, string problem);
}
