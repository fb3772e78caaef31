using RasaOrleans.Grains.Models;

namespace RasaOrleans.Server.Hosting;

/// <summary>The bots' models: one shared registry per silo, filled at start-up.</summary>
public static class ModelHostingExtensions
{
    public static IServiceCollection AddRasaModels(this IServiceCollection services)
    {
        services.AddSingleton<BotModels>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ModelLoaderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelLoaderService>());
        services.AddSingleton<IStartupBanner>(sp => sp.GetRequiredService<ModelLoaderService>());
        return services;
    }
}
