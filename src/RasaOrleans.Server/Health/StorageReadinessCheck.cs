using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Storage;
using RasaOrleans.Grains;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Server.Health;

/// <summary>Ready when the conversation storage is registered and, for SQLite, its file can be queried.</summary>
public sealed class StorageReadinessCheck(IServiceProvider services) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = services.GetKeyedService<IGrainStorage>(StorageNames.Conversations);
        switch (storage)
        {
            case null:
                return HealthCheckResult.Unhealthy($"no grain storage named '{StorageNames.Conversations}'");
            case SqliteGrainStorage sqlite:
                try
                {
                    await sqlite.ProbeAsync(cancellationToken);
                    return HealthCheckResult.Healthy();
                }
                catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
                {
                    return HealthCheckResult.Unhealthy("SQLite store unreachable", ex);
                }

            default:
                return HealthCheckResult.Healthy();
        }
    }
}
