namespace RasaOrleans.Grains.Storage;

/// <summary>Settings of <see cref="PostgresEventLogStorage"/>.</summary>
public sealed class PostgresEventLogStorageOptions
{
    /// <summary>The Npgsql connection string (the cluster's <c>ConnectionStrings:orleans</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The Orleans service id: part of every row's key, so several services can share a database.</summary>
    public string ServiceId { get; set; } = "";
}
