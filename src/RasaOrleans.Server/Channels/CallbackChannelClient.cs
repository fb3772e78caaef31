using System.Text.Json.Nodes;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Channels;

/// <summary>
/// The callback channel's output (Rasa's <c>callback</c> channel): each of the bot's messages is POSTed as JSON to the
/// url of the credentials file, in order. A typed HTTP client with a timeout; refused connections are tried again.
/// It is also the output of fired reminders scheduled through the callback channel (<see cref="ICallbackOutput"/>).
/// </summary>
public sealed partial class CallbackChannelClient(HttpClient http, CredentialsFile channels, ILogger<CallbackChannelClient> logger) : ICallbackOutput
{
    /// <summary>How long one POST to the callback url may take.</summary>
    public static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public TimeSpan Timeout => PostTimeout;

    /// <summary>Posts the messages; null when all were delivered, else what went wrong.</summary>
    public async Task<string?> SendAsync(JsonArray messages, CancellationToken cancellationToken)
    {
        var url = channels.CallbackUrl ?? throw new InvalidOperationException("no callback url is configured");
        foreach (var message in messages)
        {
            try
            {
                using var content = new StringContent(message?.ToJsonString() ?? "null", System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(url, content, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var error = $"the callback url {url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}.";
                    LogFailed(logger, error);
                    return error;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                          or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var error = $"the bot's messages could not be posted to the callback url {url.GetLeftPart(UriPartial.Path)}: {e.Message}";
                LogFailed(logger, error);
                return error;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback channel: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
