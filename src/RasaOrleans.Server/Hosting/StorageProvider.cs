namespace RasaOrleans.Server.Hosting;

/// <summary>Where grain state (conversation trackers) is kept.</summary>
public enum StorageProvider
{
    /// <summary>One durable SQLite file in <see cref="RasaOrleansOptions.DataDirectory"/> (the default).</summary>
    Sqlite,

    /// <summary>In memory: lost when the process stops. For tests.</summary>
    Memory,

    /// <summary>
    /// PostgreSQL through the Orleans ADO.NET grain storage, shared by every silo (cluster mode). The whole state
    /// is written on every turn.
    /// </summary>
    Postgres,
}
