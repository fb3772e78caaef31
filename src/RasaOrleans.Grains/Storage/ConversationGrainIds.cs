using RasaOrleans.Abstractions.Conversations;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// How conversation grains appear in a store: the grain id's text is <c>conversation/&lt;bot&gt;/&lt;id&gt;</c> and the
/// tracker's state name is <see cref="StateName"/>. The catalog queries use these to list a bot's conversations.
/// </summary>
public static class ConversationGrainIds
{
    /// <summary>The state name of a conversation's tracker.</summary>
    public const string StateName = "tracker";

    /// <summary>The grain type of <c>ConversationGrain</c> (its class name without "Grain", lower case).</summary>
    public const string GrainType = "conversation";

    /// <summary>Every stored grain id of <paramref name="botId"/>'s conversations starts with this.</summary>
    public static string Prefix(string botId) => $"{GrainType}/{ConversationKey.For(botId, "")}";

    /// <summary>
    /// The grain ids to list for a page of <paramref name="botId"/>'s conversations: greater than
    /// <c>From</c> (the prefix, or the last id of the previous page) and less than <c>To</c> (just past the prefix).
    /// </summary>
    public static (string Prefix, string From, string To) ListRange(string botId, string? after)
    {
        var prefix = Prefix(botId);
        return (prefix, prefix + (after ?? ""), prefix[..^1] + (char)(prefix[^1] + 1));
    }
}
