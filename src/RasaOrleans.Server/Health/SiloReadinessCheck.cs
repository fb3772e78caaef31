using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RasaOrleans.Server.Health;

/// <summary>Ready when the local silo is an active member of the cluster.</summary>
public sealed class SiloReadinessCheck(ISiloStatusOracle silo) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"silo is {silo.CurrentStatus}"));
}
