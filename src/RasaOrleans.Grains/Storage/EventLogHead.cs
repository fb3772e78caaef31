using Orleans.Storage;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// The stored head row of a state in the event-log storages (SQLite, PostgreSQL): its ETag, and for an
/// <see cref="IEventLogState"/> the generation and the number of events stored. It decides what a write does.
/// </summary>
public sealed record EventLogHead(string Etag, long? Generation, long EventCount)
{
    /// <summary>Refuses a write or clear whose caller did not read the stored version (optimistic concurrency).</summary>
    public static void CheckEtag(EventLogHead? head, string stateName, string key, string? callerEtag)
    {
        if (!string.Equals(head?.Etag, callerEtag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"ETag mismatch for state '{stateName}' of {key}: stored '{head?.Etag}', caller has '{callerEtag}'.", head?.Etag, callerEtag);
        }
    }

    /// <summary>
    /// The index of the first event of <paramref name="log"/> to insert: the stored count when the log only grew
    /// in the same generation, else 0 (the log is rewritten; <see cref="MustDeleteStored"/> says whether stored
    /// rows must go first).
    /// </summary>
    public static int AppendFrom(EventLogHead? head, IEventLogState log) =>
        head is { } h && h.Generation == log.Generation && h.EventCount <= log.Events.Count ? (int)h.EventCount : 0;

    /// <summary>True when a write starting at <paramref name="appendFrom"/> replaces stored event rows.</summary>
    public static bool MustDeleteStored(EventLogHead? head, int appendFrom) => head is { EventCount: > 0 } && appendFrom == 0;
}
