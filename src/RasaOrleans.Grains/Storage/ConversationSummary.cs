namespace RasaOrleans.Grains.Storage;

/// <summary>One stored conversation as the newest-first listing shows it.</summary>
/// <param name="Id">The conversation (sender) id, without the bot.</param>
/// <param name="UpdatedUtc">When its tracker was last written.</param>
/// <param name="EventCount">How many events its tracker holds.</param>
public sealed record ConversationSummary(string Id, DateTime UpdatedUtc, long EventCount)
{
    /// <summary>The position just past this conversation in a newest-first listing.</summary>
    public RecentCursor Cursor => new(UpdatedUtc, Id);
}
