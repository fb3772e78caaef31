using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// The whole server in-process for HTTP tests: a real co-hosted silo on free localhost ports, memory
/// storage, environment <c>Testing</c>. Use it as a class or collection fixture; for other settings pass
/// overrides (configuration keys such as <c>RasaOrleans:AuthToken</c>) to the constructor, e.g. from a subclass
/// with a parameterless constructor.
/// </summary>
public class RasaServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;

    public RasaServerFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>For subclasses that are fixtures with other settings (xunit wants one public constructor).</summary>
    protected RasaServerFactory(IReadOnlyDictionary<string, string?> overrides)
    {
        _settings = new Dictionary<string, string?>
        {
            ["RasaOrleans:Storage"] = "Memory",
            ["RasaOrleans:SiloPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RasaOrleans:GatewayPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides)
        {
            _settings[key] = value;
        }
    }

    /// <summary>A server with extra settings, for a test that starts (and disposes) its own.</summary>
    public static RasaServerFactory WithSettings(IReadOnlyDictionary<string, string?> overrides) => new(overrides);

    /// <summary>The effective settings this server was (or will be) started with.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Starts the host (and so the silo) before the first test runs.</summary>
    public Task InitializeAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
