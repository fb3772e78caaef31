using Microsoft.Extensions.Options;
using RasaOrleans.Grains.Models;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Checks the model registry every <see cref="RasaOrleansOptions.ModelSyncIntervalSeconds"/> and serves what
/// another silo published (a model swap reaches every silo within one interval plus its load time).
/// </summary>
public sealed partial class ModelSyncService(ModelRegistry registry, IOptions<RasaOrleansOptions> options, ILogger<ModelSyncService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.1, options.Value.ModelSyncIntervalSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await registry.SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the database may be briefly unreachable: keep serving, try again next tick
                LogSyncFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the model registry; serving the current models and trying again")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
