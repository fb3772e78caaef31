using System.IO.Compression;
using RasaOrleans.Core.Models;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Unpacks an uploaded model zip (<c>POST /load</c>) into a new folder, safely: entries with absolute paths or
/// <c>..</c> are refused, and the number of entries and the unpacked size are limited. The model may sit at the
/// zip's root or inside one top-level folder. On any failure the new folder is removed and a 400 is thrown.
/// </summary>
public static class ModelArchive
{
    /// <summary>Largest upload accepted: 100 MiB.</summary>
    public const long MaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Largest unpacked size accepted: 512 MiB.</summary>
    public const long MaxUnpackedBytes = 512L * 1024 * 1024;

    public const int MaxEntries = 10_000;

    /// <summary>Unpacks <paramref name="zip"/> into a new folder under <paramref name="modelsRoot"/>; returns the model directory in it.</summary>
    public static async Task<string> ExtractAsync(Stream zip, string modelsRoot, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Path.GetFullPath(modelsRoot), $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        try
        {
            await ExtractIntoAsync(zip, target, cancellationToken);
            return ModelDirectoryIn(target);
        }
        catch
        {
            TryDelete(target);
            throw;
        }
    }

    /// <summary>Removes the folder <see cref="ExtractAsync"/> made for <paramref name="modelDirectory"/> (best effort).</summary>
    public static void Discard(string modelDirectory, string modelsRoot)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(modelsRoot), modelDirectory);
        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        if (first is not ("" or "." or ".."))
        {
            TryDelete(Path.Combine(Path.GetFullPath(modelsRoot), first));
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover folder is harmless: a later upload uses a new one
        }
        catch (UnauthorizedAccessException)
        {
            // as above
        }
    }

    private static async Task ExtractIntoAsync(Stream zip, string target, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(zip, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException)
        {
            // ZipArchive reports truncated or foreign data with any of these
            throw RequestRejectedException.BadRequest($"The 'model' file is not a zip archive: {e.Message}");
        }

        await using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                throw RequestRejectedException.BadRequest($"The model zip has more than {MaxEntries} entries.");
            }

            var root = target + Path.DirectorySeparatorChar;
            long unpacked = 0;
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || Path.IsPathRooted(name) || name.Contains(':', StringComparison.Ordinal)
                    || name.Split('/').Any(part => part == ".."))
                {
                    throw RequestRejectedException.BadRequest($"The model zip contains an unsafe path '{entry.FullName}'.");
                }

                var destination = Path.GetFullPath(Path.Combine(target, name));
                if (!destination.StartsWith(root, StringComparison.Ordinal))
                {
                    throw RequestRejectedException.BadRequest($"The model zip contains an unsafe path '{entry.FullName}'.");
                }

                if (name.EndsWith('/'))
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                try
                {
                    await using var source = await entry.OpenAsync(cancellationToken);
                    await using var file = File.Create(destination);
                    unpacked += await CopyLimitedAsync(source, file, MaxUnpackedBytes - unpacked, cancellationToken);
                }
                catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException)
                {
                    throw RequestRejectedException.BadRequest($"The model zip is damaged ({entry.FullName}): {e.Message}");
                }
            }
        }
    }

    private static async Task<long> CopyLimitedAsync(Stream source, Stream destination, long remaining, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copied += read;
            if (copied > remaining)
            {
                throw RequestRejectedException.BadRequest($"The model zip unpacks to more than {MaxUnpackedBytes} bytes.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return copied;
    }

    // The model's files at the root, or in the zip's only top-level folder.
    private static string ModelDirectoryIn(string target)
    {
        if (File.Exists(Path.Combine(target, ModelManifest.FileName)))
        {
            return target;
        }

        var folders = Directory.GetDirectories(target);
        if (Directory.GetFiles(target).Length == 0 && folders.Length == 1 && File.Exists(Path.Combine(folders[0], ModelManifest.FileName)))
        {
            return folders[0];
        }

        throw RequestRejectedException.BadRequest(
            $"The model zip is not a model directory: no {ModelManifest.FileName} at its root or in its only top-level folder (zip the folder that 'train' wrote).");
    }
}
