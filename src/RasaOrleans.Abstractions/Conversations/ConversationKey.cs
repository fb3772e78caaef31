namespace RasaOrleans.Abstractions.Conversations;

/// <summary>Builds and splits conversation grain keys: <c>"&lt;bot&gt;/&lt;conversation id&gt;"</c>.</summary>
public static class ConversationKey
{
    public const string DefaultBot = "default";

    public static string For(string botId, string conversationId) => $"{botId}/{conversationId}";

    public static (string BotId, string ConversationId) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (DefaultBot, key) : (key[..slash], key[(slash + 1)..]);
    }
}
