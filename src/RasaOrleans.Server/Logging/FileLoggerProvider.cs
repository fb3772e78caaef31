using System.Text;

namespace RasaOrleans.Server.Logging;

/// <summary>
/// Appends log entries to a file, one JSON object per line (timestamp, level, category, event id, message,
/// the structured properties, exception). Subject to the usual <c>Logging:LogLevel</c> filters.
/// </summary>
[ProviderAlias("File")]
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    /// <summary>Opens (or creates) <paramref name="path"/> for appending; its directory is created if needed.</summary>
    public FileLoggerProvider(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var stream = new FileStream(fullPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FileLogger(categoryName, this);

    internal void WriteLine(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
