using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RasaOrleans.Testing;

namespace RasaOrleans.Integration.Tests;

/// <summary>
/// One whole server in-process (HTTP API and co-hosted silo) in cluster mode: AdoNet membership and Postgres
/// grain storage in the given database, on free localhost ports, advertising 127.0.0.1.
/// </summary>
public sealed class ClusterSilo(string connectionString, string clusterId, string serviceId) : WebApplicationFactory<Program>
{
    private readonly int _siloPort = FreeTcpPort.Next();
    private readonly int _gatewayPort = FreeTcpPort.Next();

    /// <summary>Starts the host; returns once the silo has joined the cluster (the silo starts before the host does).</summary>
    public ClusterSilo Start()
    {
        _ = Server;
        return this;
    }

    /// <summary>Grain calls from this silo.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's address as stored in the membership table.</summary>
    public SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string>
        {
            ["RasaOrleans:Cluster"] = "AdoNet",
            ["RasaOrleans:Storage"] = "Postgres",
            ["RasaOrleans:PostgresConnectionString"] = connectionString,
            ["RasaOrleans:ClusterId"] = clusterId,
            ["RasaOrleans:ServiceId"] = serviceId,
            ["RasaOrleans:AdvertisedIP"] = "127.0.0.1",
            ["RasaOrleans:SiloPort"] = _siloPort.ToString(CultureInfo.InvariantCulture),
            ["RasaOrleans:GatewayPort"] = _gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["RasaOrleans:ShutdownTimeoutSeconds"] = "60",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
