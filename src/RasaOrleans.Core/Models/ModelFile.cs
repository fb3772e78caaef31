namespace RasaOrleans.Core.Models;

/// <summary>
/// The files a model manifest lists: names relative to the model directory, checked before anything is opened
/// (no absolute path, no <c>..</c>, nothing that resolves outside the directory), and read with a size limit,
/// so a manifest cannot make the server read other files or endless devices.
/// </summary>
public static class ModelFile
{
    /// <summary>Largest single model file read: 512 MiB (what an uploaded model may unpack to at most).</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>The problem with <paramref name="name"/> as a file name in a manifest, or null when it is acceptable.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "a listed file name is empty";
        }

        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)
            || name.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            return $"the listed file '{name}' is not a relative path inside the model directory";
        }

        return name.Split('/').Any(part => part is "" or "." or "..")
            ? $"the listed file '{name}' is not a plain path inside the model directory (empty, '.' or '..' parts)"
            : null;
    }

    /// <summary>
    /// The full path of <paramref name="name"/> in <paramref name="directory"/>; a <see cref="RasaFormatException"/>
    /// (naming <paramref name="manifestPath"/>) when the name is not a plain relative path inside it.
    /// </summary>
    public static string PathIn(string directory, string name, string manifestPath)
    {
        if (Problem(name) is { } problem)
        {
            throw new RasaFormatException(problem, manifestPath);
        }

        var root = Root(directory);
        var path = Path.GetFullPath(Path.Combine(root, name));
        return path.StartsWith(root, StringComparison.Ordinal)
            ? path
            : throw new RasaFormatException($"the listed file '{name}' is outside the model directory", manifestPath);
    }

    /// <summary>
    /// Reads a listed file, or null when it does not exist; a <see cref="RasaFormatException"/> when the name is
    /// unsafe, the file is not a regular file inside the directory, or it is larger than <see cref="MaxBytes"/>.
    /// </summary>
    public static byte[]? Read(string directory, string name, string manifestPath)
    {
        var path = PathIn(directory, name, manifestPath);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.FullName.StartsWith(Root(directory), StringComparison.Ordinal))
            {
                throw new RasaFormatException($"the listed file '{name}' links outside the model directory", manifestPath);
            }
        }

        // bounded read: a length of 0 can be a device that never ends
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var buffer = new MemoryStream(info.Length is > 0 and <= MaxBytes ? (int)info.Length : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new RasaFormatException($"the listed file '{name}' is larger than {MaxBytes} bytes", manifestPath);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // the directory's full path with a trailing separator, so "model2/x" never passes for "model/x"
    private static string Root(string directory) =>
        Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
}
