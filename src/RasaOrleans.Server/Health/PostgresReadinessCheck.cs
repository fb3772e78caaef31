using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Health;

/// <summary>Ready when PostgreSQL (membership and grain state in cluster mode) answers a trivial query.</summary>
public sealed class PostgresReadinessCheck(ClusterSettings settings) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString) { Timeout = 3 };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 3 };
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable", ex);
        }
    }
}
