using RasaOrleans.Grains;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Server.Hosting;

/// <summary>The co-hosted Orleans silo: localhost clustering and the grain storage.</summary>
public static class OrleansExtensions
{
    /// <summary>Adds one silo to the host, with the storage named by <see cref="RasaOrleansOptions.Storage"/>.</summary>
    public static IHostApplicationBuilder AddRasaOrleans(this IHostApplicationBuilder builder, RasaOrleansOptions options)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: "rasa-orleans", clusterId: "local");
            silo.AddActivityPropagation();
            switch (options.Storage)
            {
                case StorageProvider.Memory:
                    silo.AddMemoryGrainStorage(StorageNames.Conversations);
                    silo.AddMemoryGrainStorageAsDefault();
                    break;
                case StorageProvider.Sqlite:
                    void Configure(SqliteGrainStorageOptions sqlite) => sqlite.DataDirectory = options.DataDirectory;
                    silo.AddSqliteGrainStorage(StorageNames.Conversations, Configure);
                    silo.AddSqliteGrainStorageAsDefault(Configure);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown {RasaOrleansOptions.SectionName}:Storage '{options.Storage}'.");
            }
        });
        builder.Services.AddSingleton<RasaMetrics>();
        return builder;
    }
}
