using System.Net;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// The silo's identity and where its cluster lives, resolved once from <see cref="RasaOrleansOptions"/> and the
/// Kubernetes-style environment variables (<c>ORLEANS_CLUSTER_ID</c>, <c>ORLEANS_SERVICE_ID</c>, <c>POD_IP</c>,
/// <c>POD_NAME</c>); explicit <c>RasaOrleans:*</c> settings win.
/// </summary>
public sealed record ClusterSettings(
    ClusterMode Mode,
    StorageProvider Storage,
    string ClusterId,
    string ServiceId,
    string? PostgresConnectionString,
    IPAddress? AdvertisedIP,
    string? SiloName)
{
    /// <summary>Cluster id when neither the setting nor <c>ORLEANS_CLUSTER_ID</c> names one.</summary>
    public const string DefaultClusterId = "local";

    /// <summary>Service id when neither the setting nor <c>ORLEANS_SERVICE_ID</c> names one.</summary>
    public const string DefaultServiceId = "rasa-orleans";

    /// <summary>True when membership or grain state is in PostgreSQL.</summary>
    public bool UsesPostgres => Mode == ClusterMode.AdoNet || Storage == StorageProvider.Postgres;

    /// <summary>Resolves and checks the settings; throws <see cref="InvalidOperationException"/> on a bad combination.</summary>
    public static ClusterSettings Resolve(RasaOrleansOptions options, IConfiguration configuration)
    {
        var section = RasaOrleansOptions.SectionName;
        var connectionString = NonEmpty(options.PostgresConnectionString) ?? NonEmpty(configuration.GetConnectionString("orleans"));
        var advertised = NonEmpty(options.AdvertisedIP) ?? NonEmpty(configuration["POD_IP"]);
        IPAddress? advertisedIP = null;
        if (advertised is not null && !IPAddress.TryParse(advertised, out advertisedIP))
        {
            throw new InvalidOperationException($"{section}:AdvertisedIP (or POD_IP) '{advertised}' is not an IP address.");
        }

        var settings = new ClusterSettings(
            options.Cluster,
            options.Storage,
            NonEmpty(options.ClusterId) ?? NonEmpty(configuration["ORLEANS_CLUSTER_ID"]) ?? DefaultClusterId,
            NonEmpty(options.ServiceId) ?? NonEmpty(configuration["ORLEANS_SERVICE_ID"]) ?? DefaultServiceId,
            connectionString,
            advertisedIP,
            NonEmpty(configuration["POD_NAME"]));

        if (settings.UsesPostgres && connectionString is null)
        {
            throw new InvalidOperationException(
                $"{section}:Cluster={options.Cluster} with {section}:Storage={options.Storage} needs a PostgreSQL connection string: " +
                $"set ConnectionStrings:orleans (env ConnectionStrings__orleans) or {section}:PostgresConnectionString.");
        }

        if (settings.Mode == ClusterMode.AdoNet && settings.Storage == StorageProvider.Sqlite)
        {
            // A grain can be activated on any silo; a per-silo file would lose its state when it moves.
            throw new InvalidOperationException(
                $"{section}:Cluster=AdoNet needs shared grain storage: set {section}:Storage=Postgres " +
                "(the SQLite store is a file local to one silo).");
        }

        return settings;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
