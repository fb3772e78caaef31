using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace RasaOrleans.Grains.Actions;

/// <summary>Registers the action server client: a typed HTTP client with a timeout per action and retries of refused connections.</summary>
public static class ActionServerRegistration
{
    /// <summary>
    /// Adds <see cref="IActionServer"/>. Only a connection the action server refused is tried again (twice, within
    /// the action's timeout): such a request never reached it. A timeout, a 5xx or a connection lost mid-answer is not
    /// retried, since the action may have run.
    /// </summary>
    public static IServiceCollection AddActionServer(this IServiceCollection services)
    {
        services.AddOptions<ActionServerOptions>();
        services.AddHttpClient<IActionServer, ActionServerClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("action-server", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ActionServerOptions>>().Value;
                pipeline.AddTimeout(options.Timeout);
                pipeline.AddRetry(RefusedConnectionRetry());
            });
        return services;
    }

    /// <summary>
    /// Tries a request again (twice, backing off from 200 ms) only when the connection was refused: such a request
    /// never reached the other side, so sending it again cannot run anything twice.
    /// </summary>
    public static HttpRetryStrategyOptions RefusedConnectionRetry() => new()
    {
        MaxRetryAttempts = 2,
        Delay = TimeSpan.FromMilliseconds(200),
        BackoffType = DelayBackoffType.Exponential,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException
        {
            InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused },
        }),
    };
}
