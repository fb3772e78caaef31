using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// Keeps this silo serving what the cluster-wide registry (<see cref="IModelBundleStore"/>) says is current:
/// at start-up (before the server takes requests), on every <see cref="SyncAsync"/> (polled by the host), and
/// when this silo publishes a model (<c>POST /load</c>, <c>POST /train</c>). A model is stored before any silo
/// serves it, so a silo started later, or a restarted cluster, serves what was published last. Bundles are
/// unpacked into a scratch folder only while they load; models live in memory.
/// </summary>
public sealed partial class ModelRegistry(
    IModelBundleStore store,
    BotModels bots,
    NluModels nluModels,
    string scratchDirectory,
    string siloName,
    ILogger<ModelRegistry> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, ModelBundleHead> _served = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _failed = new(StringComparer.Ordinal);

    /// <summary>This silo's name in <see cref="IModelBundleStore.ServingAsync"/>.</summary>
    public string SiloName => siloName;

    /// <summary>What this silo serves: slot → fingerprint (an unloaded slot is left out).</summary>
    public IReadOnlyDictionary<string, string> Serving =>
        _served.Where(p => p.Value.Source != ModelSlots.FromUnload).ToDictionary(p => p.Key, p => p.Value.Fingerprint, StringComparer.Ordinal);

    /// <summary>The registry version this silo serves for <paramref name="slot"/>, or null (never served, or unloaded).</summary>
    public ModelBundleHead? ServedVersion(string slot) =>
        _served.TryGetValue(slot, out var head) && head.Source != ModelSlots.FromUnload ? head : null;

    /// <summary>
    /// Serves the registry's models. The bot's start-up model (<paramref name="modelDirectory"/>, with
    /// <paramref name="nluDirectory"/>) is published when the registry has no model for the bot, or only an
    /// older start-up model: one published before the start-up model's files were written (a new image; an old
    /// image restarting during a rollout does not take the cluster back). A model published by <c>/load</c> or
    /// <c>/train</c> always wins over a start-up model.
    /// </summary>
    public async Task StartAsync(string botId, string? modelDirectory, string? nluDirectory, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await ExclusiveAsync(async () =>
        {
            var heads = await store.CurrentAsync(cancellationToken);
            var slot = ModelSlots.Bot(botId);
            var head = heads.FirstOrDefault(h => h.Slot == slot);

            // a model from /load or /train always wins: the start-up model is then not loaded at all
            if (!(head is { Source: not ModelSlots.FromStartup } && await TryServeAsync(head, cancellationToken)))
            {
                await ServeStartupModelAsync(slot, head, botId, modelDirectory, nluDirectory, cancellationToken);
            }

            foreach (var nlu in heads.Where(h => h.Slot.StartsWith(ModelSlots.NluPrefix, StringComparison.Ordinal)))
            {
                await TryServeAsync(nlu, cancellationToken);
            }

            await ReportAsync(cancellationToken);
        }, cancellationToken);
    }

    // The start-up model against the registry's head (none, a start-up model, or a published one that failed to load).
    private async Task ServeStartupModelAsync(string slot, ModelBundleHead? head, string botId, string? modelDirectory, string? nluDirectory,
        CancellationToken cancellationToken)
    {
        var local = modelDirectory is null ? null : TryPrepare(botId, modelDirectory, nluDirectory);
        if (head is not null && local is not null && head.Fingerprint == local.BundleFingerprint)
        {
            Serve(local, head);
        }
        else if (head is not null && !(local is not null && NewerStartupModel(head, modelDirectory!)))
        {
            if (!await TryServeAsync(head, cancellationToken) && local is not null)
            {
                bots.Serve(local);
            }
        }
        else if (local is not null)
        {
            var put = await store.PutAsync(slot, local.BundleFingerprint, ModelSlots.FromStartup, ModelBundle.Pack(modelDirectory!, nluDirectory), cancellationToken);
            Serve(local, put);
        }
    }

    /// <summary>
    /// Publishes an uploaded model directory as the bot's model: loads it (a <see cref="Core.RasaFormatException"/>
    /// or I/O error means it is refused and nothing changed), stores it, then serves it here; the other silos
    /// follow on their next <see cref="SyncAsync"/>.
    /// </summary>
    public async Task<LoadedBot> PublishBotAsync(string botId, string modelDirectory, CancellationToken cancellationToken)
    {
        // loaded (and refused) before the registry is locked: a large upload does not hold up the sync
        var bot = PrepareUpload(botId, modelDirectory);
        if (bot.Nlu is { } kept && NluModels.ResolveDirectory(modelDirectory) is null)
        {
            // the upload keeps the bot's NLU model (Rasa's /load): the bundle carries it, so every silo serves the same
            kept.Save(Path.Combine(modelDirectory, NluModels.NluFolder));
        }

        var bundle = ModelBundle.Pack(modelDirectory);
        return await ExclusiveAsync(async () =>
        {
            var head = await store.PutAsync(ModelSlots.Bot(botId), bot.BundleFingerprint, ModelSlots.FromLoad, bundle, cancellationToken);
            bot = bot with { ModelDirectory = Origin(head) };
            Serve(bot, head);
            await ReportAsync(cancellationToken);
            return bot;
        }, cancellationToken);
    }

    /// <summary>
    /// Unloads the bot's model cluster-wide (<c>DELETE /model</c>): stores an unloading version, so this silo stops
    /// serving the bot's model at once, every other silo on its next <see cref="SyncAsync"/>, and a restarted silo
    /// does not serve its start-up model either, until a model is published again (<c>PUT /model</c>,
    /// <c>POST /load</c>).
    /// </summary>
    public async Task UnloadBotAsync(string botId, CancellationToken cancellationToken) =>
        await ExclusiveAsync(async () =>
        {
            var head = await store.PutAsync(ModelSlots.Bot(botId), ModelSlots.NoModel, ModelSlots.FromUnload, [], cancellationToken);
            bots.Unload(botId);
            _served[head.Slot] = head;
            await ReportAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Publishes an NLU model trained here (saved in <paramref name="directory"/>) and serves it here under
    /// <paramref name="name"/>; the other silos follow on their next sync.
    /// </summary>
    public async Task PublishNluAsync(string name, string directory, NluModel model, CancellationToken cancellationToken)
    {
        var bundle = ModelBundle.Pack(directory);
        await ExclusiveAsync(async () =>
        {
            var head = await store.PutAsync(ModelSlots.Nlu(name), model.Fingerprint, ModelSlots.FromTrain, bundle, cancellationToken);
            nluModels.Register(name, model, directory);
            _served[head.Slot] = head;
            await ReportAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Serves every slot whose current version this silo does not serve yet, and reports what it serves.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await ExclusiveAsync(async () =>
        {
            foreach (var head in await store.CurrentAsync(cancellationToken))
            {
                if (_served.TryGetValue(head.Slot, out var served) && served.Version >= head.Version)
                {
                    continue;
                }

                if (served is not null && served.Fingerprint == head.Fingerprint)
                {
                    _served[head.Slot] = head;
                    continue;
                }

                // a version this silo could not load is tried again only when a newer one is published
                if (_failed.TryGetValue(head.Slot, out var failed) && failed >= head.Version)
                {
                    continue;
                }

                if (!await TryServeAsync(head, cancellationToken))
                {
                    _failed[head.Slot] = head.Version;
                }
            }

            await ReportAsync(cancellationToken);
        }, cancellationToken);
    }

    // Start-up, publishing and sync change what this silo serves one at a time, so versions only move forward.
    private async Task ExclusiveAsync(Func<Task> work, CancellationToken cancellationToken) =>
        await ExclusiveAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    private async Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The registry's current versions and what every silo reported (for <c>GET /cluster/models</c>).</summary>
    public async Task<(IReadOnlyList<ModelBundleHead> Models, IReadOnlyList<SiloServing> Silos)> DescribeAsync(CancellationToken cancellationToken) =>
        (await store.CurrentAsync(cancellationToken), await store.ServingAsync(cancellationToken));

    private async Task<bool> TryServeAsync(ModelBundleHead head, CancellationToken cancellationToken)
    {
        string? folder = null;
        try
        {
            if (head.Source == ModelSlots.FromUnload)
            {
                if (head.Slot.StartsWith(ModelSlots.BotPrefix, StringComparison.Ordinal))
                {
                    bots.Unload(head.Slot[ModelSlots.BotPrefix.Length..]);
                }

                _served[head.Slot] = head;
                return true;
            }

            var bundle = await store.ReadBundleAsync(head.Version, cancellationToken);
            Directory.CreateDirectory(scratchDirectory);
            folder = ModelBundle.Unpack(bundle, scratchDirectory);
            if (head.Slot.StartsWith(ModelSlots.BotPrefix, StringComparison.Ordinal))
            {
                Serve(bots.Prepare(head.Slot[ModelSlots.BotPrefix.Length..], folder, origin: Origin(head)), head);
            }
            else if (head.Slot.StartsWith(ModelSlots.NluPrefix, StringComparison.Ordinal))
            {
                nluModels.Register(head.Slot[ModelSlots.NluPrefix.Length..], BotModels.LoadNlu(folder), null);
                _served[head.Slot] = head;
            }

            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // keep serving what we have
            LogServeFailed(logger, e, head.Slot, head.Version);
            return false;
        }
        finally
        {
            if (folder is not null)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // a scratch folder left behind is removed with the scratch directory
                }
            }
        }
    }

    // What the silo serves, told to the others; it is only a report, so a failure to store it fails nothing.
    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.ReportServingAsync(siloName, Serving, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReportFailed(logger, e);
        }
    }

    // An upload is refused with a RasaFormatException whatever its loading trips over (a wrong type in a file
    // the manifest does not cover, a damaged binary), never with a server error.
    private LoadedBot PrepareUpload(string botId, string modelDirectory)
    {
        try
        {
            return bots.Prepare(botId, modelDirectory);
        }
        catch (Core.RasaFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new Core.RasaFormatException($"the model could not be read ({e.GetType().Name}: {e.Message})");
        }
    }

    // A start-up model that differs from the registry's start-up model is newer when its files were written after
    // that model was published (image build time against publish time).
    private static bool NewerStartupModel(ModelBundleHead head, string modelDirectory) =>
        head.Source == ModelSlots.FromStartup
        && File.GetLastWriteTimeUtc(Path.Combine(modelDirectory, Core.Models.ModelManifest.FileName)) > head.CreatedUtc.UtcDateTime;

    private LoadedBot? TryPrepare(string botId, string modelDirectory, string? nluDirectory)
    {
        try
        {
            return bots.Prepare(botId, modelDirectory, nluDirectory);
        }
        catch (Exception e) when (e is Core.RasaFormatException or IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            LogStartupModelFailed(logger, modelDirectory, e.Message);
            return null;
        }
    }

    private void Serve(LoadedBot bot, ModelBundleHead head)
    {
        bots.Serve(bot);
        _served[head.Slot] = head;
    }

    private static string Origin(ModelBundleHead head) => $"registry {head.Slot} version {head.Version} ({head.Source})";

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not serve {Slot} version {Version} from the model registry; still serving the previous model")]
    private static partial void LogServeFailed(ILogger logger, Exception exception, string slot, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the models this silo serves to the registry")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the start-up model {Directory}: {Problem}")]
    private static partial void LogStartupModelFailed(ILogger logger, string directory, string problem);
}
