using System.IO.Compression;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// A model directory as one zip for the registry: a bot's model directory with, when its NLU model comes from
/// elsewhere (<c>-u</c>), that folder's files under <c>nlu/</c>; or an NLU model folder alone.
/// </summary>
public static class ModelBundle
{
    public static byte[] Pack(string directory, string? nluDirectory = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string root, string prefix, Func<string, bool> include)
            {
                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var name = prefix + Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                    if (include(name))
                    {
                        zip.CreateEntryFromFile(file, name, CompressionLevel.Fastest);
                    }
                }
            }

            Add(directory, "", name => nluDirectory is null || !name.StartsWith("nlu/", StringComparison.Ordinal));
            if (nluDirectory is not null)
            {
                Add(nluDirectory, "nlu/", _ => true);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Unpacks a bundle into a new folder under <paramref name="parent"/> and returns it.</summary>
    public static string Unpack(byte[] bundle, string parent)
    {
        var target = Path.Combine(parent, $"bundle-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);

        // ExtractToDirectory refuses entries that would land outside the target
        zip.ExtractToDirectory(target);
        return target;
    }
}
