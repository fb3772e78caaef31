namespace RasaOrleans.Abstractions.Conversations;

/// <summary>The conversation ids a bot has stored, keyed by bot id (Rasa's <c>GET /conversations</c>).</summary>
[Alias("rasa.IConversationDirectoryGrain")]
public interface IConversationDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Records that a conversation exists; idempotent.</summary>
    [Alias("add")]
    Task AddAsync(string conversationId);

    /// <summary>Every recorded conversation id, in the order they were first stored.</summary>
    [Alias("list"), ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();
}
