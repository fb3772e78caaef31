namespace RasaOrleans.Grains.Storage;

/// <summary>
/// A grain state whose bulk is an append-only event log. The SQLite grain storage persists such a state
/// incrementally: a write stores only the events appended since the previous write, so the cost of a turn
/// does not grow with the length of the conversation.
/// </summary>
/// <remarks>
/// Contract for the grain: within one <see cref="Generation"/>, only append to <see cref="Events"/>; never
/// edit or remove an entry. To replace the log (restart, PUT tracker, undo), assign the new list and
/// increment <see cref="Generation"/>; the next write then rewrites the whole log. Every other public
/// property of the state is stored as JSON next to the log and rewritten on every write, so keep it small.
/// </remarks>
public interface IEventLogState
{
    /// <summary>One entry per event, each the event's JSON text; append-only within a generation.</summary>
    List<string> Events { get; set; }

    /// <summary>Bumped by the grain whenever <see cref="Events"/> is replaced rather than appended to.</summary>
    long Generation { get; set; }
}
