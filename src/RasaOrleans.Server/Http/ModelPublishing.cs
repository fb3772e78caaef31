using System.Text.Json;
using RasaOrleans.Core;
using RasaOrleans.Grains.Models;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Publishes a model zip as the bot's model (<c>POST /load</c>, <c>PUT /model</c>): unpacked into a scratch folder
/// under <c>&lt;DataDirectory&gt;/models/</c>, loaded and, only if that succeeds, stored in the cluster-wide model
/// registry and served (here at once, on every other silo within the sync interval). The scratch folder is removed
/// either way, so a refused model leaves nothing behind and changes nothing.
/// </summary>
public static class ModelPublishing
{
    /// <summary>The scratch root under the data directory.</summary>
    public static string ScratchRoot(string dataDirectory) => Path.Combine(dataDirectory, "models");

    /// <summary>Publishes the zip; returns null when done, else what is wrong with the model (for a 400).</summary>
    public static async Task<string?> PublishZipAsync(ModelRegistry registry, string botId, Stream zip, string dataDirectory, CancellationToken cancellationToken)
    {
        var modelsRoot = ScratchRoot(dataDirectory);
        var directory = await ModelArchive.ExtractAsync(zip, modelsRoot, cancellationToken);
        try
        {
            // the unpacked folder is not needed once the model is in memory
            await registry.PublishBotAsync(botId, directory, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is RasaFormatException or IOException or JsonException or InvalidDataException)
        {
            return Describe(e, directory);
        }
        finally
        {
            ModelArchive.Discard(directory, modelsRoot);
        }
    }

    // what is wrong, naming files relative to the model (never the server's own paths)
    private static string Describe(Exception e, string directory) => e switch
    {
        RasaFormatException { File: { } file } format when Path.IsPathRooted(file) =>
            $"{Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/')}{(format.Line is { } line ? $", line {line}" : "")}: {format.Problem}",
        RasaFormatException format => format.Message,
        JsonException => "a file of the model is not the JSON this server writes",
        _ => "a file of the model could not be read",
    };
}
