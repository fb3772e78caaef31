namespace RasaOrleans.Server.Tests.Inspector;

/// <summary>
/// A fact that drives a real headless Chromium (<see cref="Chromium"/>). Without the browser it is skipped with a
/// plain reason, except in CI (<c>CI=true</c>, set by <c>.ci/run</c>, which installs it): there it runs and fails.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Missing() is { } missing && !Chromium.InCi)
        {
            Skip = $"needs Chromium and its driver ({missing}); install Debian's chromium and chromium-driver, or run .ci/run";
        }
    }
}
