using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace RasaOrleans.Server.Tests.Inspector;

/// <summary>
/// The system's headless Chromium through Selenium and Debian's <c>chromedriver</c>: paths from
/// <c>CHROMIUM_PATH</c>/<c>CHROMEDRIVER_PATH</c>, else <c>/usr/bin/chromium</c> and <c>/usr/bin/chromedriver</c>.
/// Nothing is downloaded.
/// </summary>
public static class Chromium
{
    public static string BrowserPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static string DriverPath => Environment.GetEnvironmentVariable("CHROMEDRIVER_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromedriver";

    /// <summary>True in CI (<c>CI=true</c>), where a missing browser is a failure, not a skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is missing (a path), or null when both the browser and the driver are there.</summary>
    public static string? Missing() =>
        !File.Exists(BrowserPath) ? BrowserPath : !File.Exists(DriverPath) ? DriverPath : null;

    /// <summary>Starts a headless browser that records the page's console messages.</summary>
    public static ChromeDriver Start()
    {
        if (Missing() is { } missing)
        {
            throw new InvalidOperationException($"Chromium is required here (CI=true) but {missing} does not exist: .ci/run installs chromium and chromium-driver.");
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,860",
            "--no-first-run", "--disable-extensions");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>The console errors the page logged so far (and uncaught exceptions, which Chromium logs as errors).</summary>
    public static IReadOnlyList<string> ConsoleErrors(IWebDriver driver) =>
        [.. driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Severe).Select(e => e.Message)];
}
