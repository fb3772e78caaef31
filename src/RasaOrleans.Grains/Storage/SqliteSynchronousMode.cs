namespace RasaOrleans.Grains.Storage;

/// <summary>SQLite's <c>PRAGMA synchronous</c> setting, as used with the write-ahead log.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// The WAL is written on every commit but fsynced only at checkpoints. A committed write survives the
    /// death of the process (including <c>kill -9</c>); an OS crash or power loss may lose the last commits.
    /// </summary>
    Normal,

    /// <summary>The WAL is fsynced on every commit: committed writes survive power loss too, at a latency cost.</summary>
    Full,
}
