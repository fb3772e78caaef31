using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// The NLU models this silo serves, by name: the <c>-u</c> model under the bot id and <see cref="DefaultName"/>,
/// and every model trained by <c>POST /train</c> under its name. Models are immutable and shared by every NLU
/// worker, each of which parses through its own parser. Loading and training happen outside grain turns
/// (start-up, the training service); workers only look models up.
/// </summary>
public sealed partial class NluModels(ILogger<NluModels> logger)
{
    /// <summary>The name Rasa NLU's <c>/parse</c> uses when a request names no model.</summary>
    public const string DefaultName = "default";

    /// <summary>The folder below a model directory that holds its NLU model.</summary>
    public const string NluFolder = "nlu";

    private readonly ConcurrentDictionary<string, LoadedNluModel> _models = new(StringComparer.Ordinal);

    /// <summary>The model registered under <paramref name="name"/>, or null.</summary>
    public LoadedNluModel? Find(string name) => _models.GetValueOrDefault(name);

    /// <summary>Every registered model, ordered by name.</summary>
    public IReadOnlyList<LoadedNluModel> All => [.. _models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>Registers (or replaces) <paramref name="model"/> under <paramref name="name"/>.</summary>
    public LoadedNluModel Register(string name, NluModel model, string? directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(model);
        var loaded = new LoadedNluModel(name, model, directory is null ? null : Path.GetFullPath(directory));
        _models[name] = loaded;
        LogRegistered(logger, name, loaded.Directory ?? "(not saved)", model.Fingerprint);
        return loaded;
    }

    /// <summary>
    /// The folder holding an NLU model: <paramref name="directory"/> itself when it has the NLU manifest, else its
    /// <c>nlu/</c> sub-folder (a model directory written by <c>train --nlu</c>) when that has one; otherwise null.
    /// </summary>
    public static string? ResolveDirectory(string directory)
    {
        if (File.Exists(Path.Combine(directory, NluModel.ManifestFileName)))
        {
            return directory;
        }

        var nested = Path.Combine(directory, NluFolder);
        return File.Exists(Path.Combine(nested, NluModel.ManifestFileName)) ? nested : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NLU model {Name} registered from {Directory} (fingerprint {Fingerprint})")]
    private static partial void LogRegistered(ILogger logger, string name, string directory, string fingerprint);
}
