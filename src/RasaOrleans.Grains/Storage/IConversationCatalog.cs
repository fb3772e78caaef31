namespace RasaOrleans.Grains.Storage;

/// <summary>
/// Lists the conversations a store holds, straight from the store (<c>GET /conversations</c>): a conversation is
/// listed exactly when its tracker is stored, and starting one waits on nothing but its own write.
/// </summary>
public interface IConversationCatalog
{
    /// <summary>
    /// The bot's stored conversation ids in id order (ordinal), after <paramref name="after"/> when given, at most
    /// <paramref name="limit"/> of them when given.
    /// </summary>
    Task<IReadOnlyList<string>> ListConversationsAsync(string botId, int? limit, string? after, CancellationToken cancellationToken);
}
