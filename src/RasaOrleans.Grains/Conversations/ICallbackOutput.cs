using System.Text.Json.Nodes;

namespace RasaOrleans.Grains.Conversations;

/// <summary>
/// The callback channel's output for messages sent outside a request: a fired reminder's. The server registers it
/// when the credentials file has a callback url; without it a reminder's messages stay in the tracker.
/// </summary>
public interface ICallbackOutput
{
    /// <summary>How long one delivery may take at most; the conversation waits no longer for it.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Posts the messages, in order, to the callback url; null when all were delivered, else what went wrong.</summary>
    Task<string?> SendAsync(JsonArray messages, CancellationToken cancellationToken);
}
