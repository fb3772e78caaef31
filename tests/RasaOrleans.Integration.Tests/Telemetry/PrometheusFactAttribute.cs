namespace RasaOrleans.Integration.Tests.Telemetry;

/// <summary>
/// A fact that scrapes the server with a real Prometheus (Debian's <c>prometheus</c> package, which <c>.ci/run</c>
/// installs). In CI (<c>CI=true</c>) it always runs, so a missing binary fails it; elsewhere it is skipped when no
/// <c>prometheus</c> is on the PATH.
/// </summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Binary is null && !IsCi)
        {
            Skip = "needs Prometheus: `apt-get install prometheus` (or set PROMETHEUS to its binary); .ci/run installs it";
        }
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
