using System.Text.Json;
using Microsoft.Extensions.Options;
using RasaOrleans.Core;
using RasaOrleans.Grains.Models;
using RasaOrleans.Inference.Nlu;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Loads the models before the server takes requests, so no grain turn ever loads one. The start-up model:
/// <c>-d</c>; with neither <c>-d</c> nor <c>-u</c>, the shipped default bot; with <c>-u</c> alone, none (the NLU
/// routes are served alone, conversation routes answer 503). Its NLU model: <c>-u</c> (an NLU folder or a model
/// directory with <c>nlu/</c>), else the dialogue model's <c>nlu/</c> if it has one. What is served comes from the
/// cluster-wide <see cref="ModelRegistry"/>: the start-up model only when the registry has nothing newer for the
/// bot than a start-up model. The NLU routes serve the bot's NLU model under the bot id and as <c>default</c>
/// unless the registry has a model of that name. A model that fails to load is logged and the server runs
/// without it, as Rasa does.
/// </summary>
public sealed partial class ModelLoaderService(
    BotModels models,
    ModelRegistry registry,
    NluModels nluModels,
    NluTrainingService training,
    IOptions<RasaOrleansOptions> options,
    ILogger<ModelLoaderService> logger) : IHostedService, IStartupBanner
{
    /// <summary>The bot served when no <c>-d</c> is given, as copied next to the server's binaries.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "models", "greetbot", "model");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var dialogueDirectory = o.CoreModel ?? (o.NluModel is null ? DefaultModelDirectory : null);

        // the bot's model and the NLU routes' models as the cluster-wide registry has them (publishing the
        // start-up model when the registry has none for the bot, or only an older start-up model)
        await registry.StartAsync(o.BotId, dialogueDirectory, dialogueDirectory is null ? null : o.NluModel, cancellationToken);
        var published = registry.Serving.Keys.ToHashSet(StringComparer.Ordinal);

        // models saved by /train before the registry kept them (the registry's own are loaded already)
        foreach (var name in training.SavedModelNames().Where(name => !published.Contains(ModelSlots.Nlu(name))))
        {
            var directory = Path.Combine(training.ModelsRoot, name);
            TryLoad(directory, "NLU model", () => nluModels.Register(name, BotModels.LoadNlu(directory), directory));
        }

        // The NLU routes serve the bot's NLU model under the bot id and as "default" unless the registry has a
        // model of that name (from /train); conversations always parse with the model loaded with the bot.
        if (models.Find(o.BotId) is { Nlu: { } botNlu })
        {
            RegisterForNluRoutes(o.BotId, botNlu, o.NluModel ?? dialogueDirectory, published);
        }
        else if (o.NluModel is { } nluDirectory)
        {
            TryLoad(nluDirectory, "NLU model", () => RegisterForNluRoutes(o.BotId, BotModels.LoadNluFrom(nluDirectory), nluDirectory, published));
        }
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

        var nlu = nluModels.All;
        if (nlu.Count == 0)
        {
            yield return new("NLU", "no model loaded: the regex interpreter parses every message");
        }

        foreach (var model in nlu)
        {
            yield return new($"NLU model {model.Name}", $"{model.Directory ?? "(not saved)"} (fingerprint {model.Fingerprint})");
        }
    }

    private void RegisterForNluRoutes(string botId, NluModel model, string? directory, HashSet<string> published)
    {
        var folder = directory is null ? null : NluModels.ResolveDirectory(directory) ?? directory;
        foreach (var name in botId == NluModels.DefaultName ? [botId] : new[] { botId, NluModels.DefaultName })
        {
            if (!published.Contains(ModelSlots.Nlu(name)))
            {
                nluModels.Register(name, model, folder);
            }
        }
    }

    private void TryLoad(string directory, string what, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is RasaFormatException or IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            LogLoadFailed(logger, what, directory, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the {What} {Directory}: {Problem}. The server runs without it.")]
    private static partial void LogLoadFailed(ILogger logger, string what, string directory, string problem);
}
