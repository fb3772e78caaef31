using System.Collections.Concurrent;
using Orleans.Storage;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Grains.Tests.Conversations;

/// <summary>
/// Wraps a grain storage and holds (<see cref="Gates"/>) or fails the writes of chosen grains, before the write reaches the store or after it
/// committed (as a connection lost while the commit's answer was on its way would), to test that failures
/// change nothing and that a committed write is never reported as failed.
/// </summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner) : IGrainStorage, IConversationCatalog
{
    public enum Fault
    {
        BeforeWrite,
        AfterCommit,
    }

    public static ConcurrentDictionary<string, Fault> FailingKeys { get; } = new();

    /// <summary>Grains whose writes wait at a gate.</summary>
    public static ConcurrentDictionary<string, WriteGate> Gates { get; } = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Gates.TryGetValue(grainId.Key.ToString()!, out var gate))
        {
            await gate.PassAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));
            return;
        }

        if (!FailingKeys.TryGetValue(grainId.Key.ToString()!, out var fault))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        if (fault == Fault.AfterCommit)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }

        throw new IOException($"injected storage failure ({fault}) for {grainId}");
    }

    public Task<IReadOnlyList<string>> ListConversationsAsync(string botId, int? limit, string? after, CancellationToken cancellationToken) =>
        ((IConversationCatalog)inner).ListConversationsAsync(botId, limit, after, cancellationToken);

    public Task<IReadOnlyList<ConversationSummary>> ListRecentConversationsAsync(string botId, RecentConversationsQuery query, CancellationToken cancellationToken) =>
        ((IConversationCatalog)inner).ListRecentConversationsAsync(botId, query, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
