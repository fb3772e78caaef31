namespace RasaOrleans.Grains.Storage;

/// <summary>Settings of <see cref="PostgresEventLogStorage"/>.</summary>
public sealed class PostgresEventLogStorageOptions
{
    /// <summary>The Npgsql connection string (the cluster's <c>ConnectionStrings:orleans</c>).</summary>
    public string ConnectionString { get; set; } = "";
}
