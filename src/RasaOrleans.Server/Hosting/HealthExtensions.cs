using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using RasaOrleans.Server.Health;

namespace RasaOrleans.Server.Hosting;

/// <summary>Kubernetes probes: <c>/health/live</c> and <c>/health/ready</c>.</summary>
public static class HealthExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks (silo active, storage reachable).</summary>
    public static IServiceCollection AddRasaHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloReadinessCheck>("silo", tags: [ReadyTag])
            .AddCheck<StorageReadinessCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// Maps <c>/health/live</c>, which runs no check (it answers while the process serves HTTP, and never touches
    /// grains or storage), and <c>/health/ready</c>, which runs the readiness checks.
    /// </summary>
    public static IEndpointRouteBuilder MapRasaHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
