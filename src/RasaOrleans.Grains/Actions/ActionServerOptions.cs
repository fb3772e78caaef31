namespace RasaOrleans.Grains.Actions;

/// <summary>
/// Where custom actions run: Rasa's <c>action_endpoint</c> (from <c>--endpoints endpoints.yml</c>, or the
/// <c>RasaOrleans:ActionServer</c> configuration section).
/// </summary>
public sealed class ActionServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RasaOrleans:ActionServer";

    /// <summary>The action server's webhook, e.g. <c>http://localhost:5055/webhook</c>. No custom actions without it.</summary>
    public Uri? Url { get; set; }

    /// <summary>Sent as the query parameter <see cref="TokenName"/> when set (Rasa's endpoint <c>token</c>).</summary>
    public string? Token { get; set; }

    /// <summary>The query parameter that carries <see cref="Token"/>. Default <c>token</c>.</summary>
    public string TokenName { get; set; } = "token";

    /// <summary>Headers sent with every call (Rasa's endpoint <c>headers</c>).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long one action may take, connection attempts included. Default 30 s. A message runs at most
    /// <c>ConversationEngine.MaxRespondActions</c> actions, and the whole message must finish within the
    /// conversation calls' 3-minute limit, so keep this at 15 s or below when a bot chains many custom actions.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest answer read from the action server. Default 16 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;
}
