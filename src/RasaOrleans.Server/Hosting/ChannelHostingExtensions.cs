using Polly;
using RasaOrleans.Grains.Actions;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Server.Channels;

namespace RasaOrleans.Server.Hosting;

/// <summary>The action server (<c>--endpoints</c>) and the input channels (<c>--credentials</c>).</summary>
public static class ChannelHostingExtensions
{
    /// <summary>Reads the endpoints and credentials files (a mistake in either stops the start-up) and registers their clients.</summary>
    public static WebApplicationBuilder AddRasaChannels(this WebApplicationBuilder builder, RasaOrleansOptions options)
    {
        var endpoints = string.IsNullOrWhiteSpace(options.Endpoints) ? null : EndpointsFile.Read(Path.GetFullPath(options.Endpoints));
        var credentials = string.IsNullOrWhiteSpace(options.Credentials) ? CredentialsFile.Default : CredentialsFile.Read(Path.GetFullPath(options.Credentials));

        builder.Services.AddActionServer();
        builder.Services.AddOptions<ActionServerOptions>()
            .BindConfiguration(ActionServerOptions.SectionName)
            .Configure(o => endpoints?.ApplyTo(o));
        builder.Services.AddSingleton(credentials);
        builder.Services.AddHttpClient<CallbackChannelClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("callback-channel", pipeline =>
            {
                pipeline.AddTimeout(CallbackChannelClient.PostTimeout);
                pipeline.AddRetry(ActionServerRegistration.RefusedConnectionRetry());
            });
        if (credentials.CallbackUrl is not null)
        {
            // fired reminders scheduled through the callback channel send their messages there too
            builder.Services.AddTransient<ICallbackOutput>(sp => sp.GetRequiredService<CallbackChannelClient>());
        }

        builder.Services.AddHostedService(sp => new ChannelsReport(
            endpoints, credentials, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ActionServerOptions>>().Value,
            sp.GetRequiredService<ILogger<ChannelsReport>>()));
        return builder;
    }
}

/// <summary>Says once at start-up which action server and channels are served, and what the files asked for that is ignored.</summary>
public sealed partial class ChannelsReport(EndpointsFile? endpoints, CredentialsFile credentials, ActionServerOptions actionServer,
    ILogger<ChannelsReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var section in endpoints?.IgnoredSections ?? [])
        {
            LogIgnoredSection(logger, section);
        }

        foreach (var channel in credentials.IgnoredChannels)
        {
            LogIgnoredChannel(logger, channel);
        }

        if (actionServer.Url is { } url)
        {
            LogActionServer(logger, url.GetLeftPart(UriPartial.Path), actionServer.Timeout.TotalSeconds);
        }

        LogChannels(logger, credentials.Rest ? "rest" : "-", credentials.CallbackUrl?.GetLeftPart(UriPartial.Path) ?? "-");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "endpoints file: section '{Section}' is ignored (only action_endpoint is read; conversations, locks and models are kept by this server itself)")]
    private static partial void LogIgnoredSection(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Warning, Message = "credentials file: channel '{Channel}' is not supported and is ignored (served: rest, callback)")]
    private static partial void LogIgnoredChannel(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom actions run on the action server {Url} (timeout {Seconds} s)")]
    private static partial void LogActionServer(ILogger logger, string url, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channels: REST {Rest}, callback {Callback}")]
    private static partial void LogChannels(ILogger logger, string rest, string callback);
}
