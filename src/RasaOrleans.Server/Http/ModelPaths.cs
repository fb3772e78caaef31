namespace RasaOrleans.Server.Http;

/// <summary>
/// Where <c>PUT /model</c> may load from: a model directory or a <c>.zip</c> inside the model directory
/// (<see cref="Hosting.RasaOrleansOptions.ModelDirectory"/>). A relative path resolves against the current
/// directory, as Rasa's and the command line's paths do; <c>..</c> is resolved before the check, and a symbolic
/// link anywhere below the model directory is refused, so no path reaches outside it.
/// </summary>
public static class ModelPaths
{
    /// <summary>The full path of <paramref name="modelFile"/>; a 400 naming the problem when it may not or cannot be loaded.</summary>
    public static string Resolve(string modelFile, string modelDirectory)
    {
        if (string.IsNullOrWhiteSpace(modelFile) || modelFile.Any(char.IsControl))
        {
            throw RequestRejectedException.BadRequest("'model_file' must name a model directory or a model .zip inside the model directory.");
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFile));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw RequestRejectedException.BadRequest(
                $"'model_file' '{modelFile}' is outside the model directory; PUT /model loads only from inside RasaOrleans:ModelDirectory.");
        }

        for (var path = full; path.Length > root.Length; path = Path.GetDirectoryName(path)!)
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (info.Exists && info.LinkTarget is not null)
            {
                throw RequestRejectedException.BadRequest($"'model_file' '{modelFile}' goes through a symbolic link; links are not followed.");
            }
        }

        if (Directory.Exists(full))
        {
            return full;
        }

        if (!File.Exists(full))
        {
            throw RequestRejectedException.BadRequest($"There is no model at '{modelFile}'.");
        }

        return full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            ? full
            : throw RequestRejectedException.BadRequest($"'{modelFile}' is neither a model directory nor a model .zip (what POST /model/train writes).");
    }
}
