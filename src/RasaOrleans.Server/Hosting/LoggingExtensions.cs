using Microsoft.Extensions.Configuration.Memory;
using RasaOrleans.Server.Logging;

namespace RasaOrleans.Server.Hosting;

/// <summary>Log levels that keep Orleans quiet, and the optional log file (<c>-o</c>).</summary>
public static class LoggingExtensions
{
    // Orleans logs every option and membership step at Information, Polly every placement retry.
    // These are defaults under everything else, so `Logging:LogLevel:Orleans=Information` still wins.
    private static readonly Dictionary<string, string?> QuietDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Microsoft.Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>Adds the quiet defaults and, when <see cref="RasaOrleansOptions.LogFile"/> is set, the file logger.</summary>
    public static IHostApplicationBuilder AddRasaLogging(this IHostApplicationBuilder builder, RasaOrleansOptions options)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietDefaults });
        if (!string.IsNullOrWhiteSpace(options.LogFile))
        {
            builder.Logging.AddProvider(new FileLoggerProvider(options.LogFile));
        }

        return builder;
    }
}
