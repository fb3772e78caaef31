using System.IO.Compression;

namespace RasaOrleans.Testing;

/// <summary>A model directory zipped as clients upload it to <c>POST /load</c>.</summary>
public static class ModelZip
{
    /// <summary>Every file of <paramref name="directory"/>, named relative to it, under <paramref name="folder"/> when given.</summary>
    public static byte[] Of(string directory, string folder = "")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
            {
                zip.CreateEntryFromFile(file, folder + Path.GetRelativePath(directory, file).Replace('\\', '/'));
            }
        }

        return buffer.ToArray();
    }
}
