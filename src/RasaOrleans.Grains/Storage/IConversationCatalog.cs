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

    /// <summary>
    /// A page of the bot's stored conversations, the most recently written first (ties by id, descending): what
    /// the inspector lists (<c>GET /conversations/recent</c>).
    /// </summary>
    Task<IReadOnlyList<ConversationSummary>> ListRecentConversationsAsync(string botId, RecentConversationsQuery query, CancellationToken cancellationToken);
}
