using Microsoft.Extensions.Options;
using RasaOrleans.Grains.Models;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// The bots' dialogue and NLU models: shared registries per silo, filled at start-up from the cluster-wide model
/// registry (PostgreSQL in a cluster, the SQLite file alone, memory in tests) and kept in step with it; NLU
/// training jobs.
/// </summary>
public static class ModelHostingExtensions
{
    public static IServiceCollection AddRasaModels(this IServiceCollection services)
    {
        services.AddSingleton<BotModels>();
        services.AddSingleton<NluModels>();
        services.AddSingleton<INluModelTrainer, NluModelTrainer>();
        services.AddSingleton<NluTrainingService>();
        services.AddSingleton<Training.ModelTrainingService>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(CreateStore);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RasaOrleansOptions>>().Value;
            return new ModelRegistry(
                sp.GetRequiredService<IModelBundleStore>(),
                sp.GetRequiredService<BotModels>(),
                sp.GetRequiredService<NluModels>(),
                Path.Combine(Http.ModelPublishing.ScratchRoot(options.DataDirectory), "scratch"),
                sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString(),
                sp.GetRequiredService<ILogger<ModelRegistry>>());
        });
        services.AddSingleton<ModelLoaderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelLoaderService>());
        services.AddSingleton<IStartupBanner>(sp => sp.GetRequiredService<ModelLoaderService>());
        services.AddHostedService<ModelSyncService>();
        return services;
    }

    private static IModelBundleStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RasaOrleansOptions>>().Value;
        return options.Storage switch
        {
            StorageProvider.Postgres => new PostgresModelBundleStore(
                services.GetRequiredService<ClusterSettings>().PostgresConnectionString!, services.GetRequiredService<ClusterSettings>().ServiceId),
            StorageProvider.Sqlite => new SqliteModelBundleStore(new SqliteGrainStorageOptions { DataDirectory = options.DataDirectory }.DatabasePath),
            _ => new MemoryModelBundleStore(),
        };
    }
}
