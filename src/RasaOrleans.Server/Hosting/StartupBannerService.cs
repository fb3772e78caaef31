using Microsoft.Extensions.Options;

namespace RasaOrleans.Server.Hosting;

/// <summary>Logs where the server listens, and every <see cref="IStartupBanner"/> item, once it has started.</summary>
public sealed partial class StartupBannerService(
    IHostApplicationLifetime lifetime,
    IOptions<RasaOrleansOptions> options,
    ClusterSettings cluster,
    IEnumerable<IStartupBanner> banners,
    ILogger<StartupBannerService> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(LogBanner);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void LogBanner()
    {
        var o = options.Value;
        LogListening(logger, RasaVersion.Current, $"http://0.0.0.0:{o.Port}", o.Storage,
            Path.GetFullPath(o.DataDirectory), o.SiloPort, o.GatewayPort);
        LogCluster(logger, cluster.Mode, cluster.ClusterId, cluster.ServiceId, cluster.SiloName ?? "(generated)");
        foreach (var banner in banners)
        {
            foreach (var (name, value) in banner.GetBannerItems())
            {
                LogBannerItem(logger, name, value);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Rasa Core {RasaVersion} server listening on {Url} (storage {Storage}, data {DataDirectory}, silo port {SiloPort}, gateway port {GatewayPort})")]
    private static partial void LogListening(ILogger logger, string rasaVersion, string url, StorageProvider storage, string dataDirectory, int siloPort, int gatewayPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {ClusterMode}: cluster id {ClusterId}, service id {ServiceId}, silo {SiloName}")]
    private static partial void LogCluster(ILogger logger, ClusterMode clusterMode, string clusterId, string serviceId, string siloName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{BannerName}: {BannerValue}")]
    private static partial void LogBannerItem(ILogger logger, string bannerName, string bannerValue);
}
