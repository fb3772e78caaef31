namespace RasaOrleans.Grains.Storage;

/// <summary>Options of <see cref="SqliteGrainStorage"/>.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>The default file name inside <see cref="DataDirectory"/>.</summary>
    public const string DefaultFileName = "rasa-orleans.db";

    /// <summary>Directory that holds the database file; created if missing. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Name of the single database file. Default <c>rasa-orleans.db</c>.</summary>
    public string FileName { get; set; } = DefaultFileName;

    /// <summary>How long an operation waits for another writer's lock before failing. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Durability of a commit. Default <see cref="SqliteSynchronousMode.Normal"/>: survives a killed process
    /// (the guarantee a server restart needs) without an fsync per turn.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
