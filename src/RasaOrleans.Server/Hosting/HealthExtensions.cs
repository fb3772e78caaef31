using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using RasaOrleans.Server.Health;

namespace RasaOrleans.Server.Hosting;

/// <summary>Kubernetes probes: <c>/health/live</c> and <c>/health/ready</c>.</summary>
public static class HealthExtensions
{
    /// <summary>Tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Liveness route: answers while the process serves HTTP; runs no check.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness route: silo active, storage (and PostgreSQL, when used) reachable.</summary>
    public const string ReadyPath = "/health/ready";

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
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return endpoints;
    }
}
