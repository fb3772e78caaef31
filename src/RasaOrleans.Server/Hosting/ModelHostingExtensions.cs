using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Hosting;

/// <summary>The bots' dialogue and NLU models: shared registries per silo, filled at start-up; NLU training jobs.</summary>
public static class ModelHostingExtensions
{
    public static IServiceCollection AddRasaModels(this IServiceCollection services)
    {
        services.AddSingleton<BotModels>();
        services.AddSingleton<NluModels>();
        services.AddSingleton<INluModelTrainer, NluModelTrainer>();
        services.AddSingleton<NluTrainingService>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ModelLoaderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelLoaderService>());
        services.AddSingleton<IStartupBanner>(sp => sp.GetRequiredService<ModelLoaderService>());
        return services;
    }
}
