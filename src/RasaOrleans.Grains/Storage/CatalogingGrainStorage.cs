using System.Collections.Concurrent;
using Orleans.Storage;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// Lists the conversations of a store that cannot be queried (the in-memory storage of tests): remembers the
/// conversation grains whose state was written, in this process.
/// </summary>
public sealed class CatalogingGrainStorage(IGrainStorage inner) : IGrainStorage, IConversationCatalog
{
    private readonly ConcurrentDictionary<string, (DateTime UpdatedUtc, long EventCount)> _stored = new(StringComparer.Ordinal);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (stateName == ConversationGrainIds.StateName)
        {
            _stored[grainId.ToString()] = (DateTime.UtcNow, grainState.State is IEventLogState log ? log.Events.Count : 0);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.ClearStateAsync(stateName, grainId, grainState);
        _stored.TryRemove(grainId.ToString(), out _);
    }

    public Task<IReadOnlyList<string>> ListConversationsAsync(string botId, int? limit, string? after, CancellationToken cancellationToken)
    {
        var (prefix, from, to) = ConversationGrainIds.ListRange(botId, after);
        IReadOnlyList<string> ids = [.. _stored.Keys
            .Where(key => string.CompareOrdinal(key, from) > 0 && string.CompareOrdinal(key, to) < 0)
            .Order(StringComparer.Ordinal)
            .Take(limit ?? int.MaxValue)
            .Select(key => key[prefix.Length..])];
        return Task.FromResult(ids);
    }

    public Task<IReadOnlyList<ConversationSummary>> ListRecentConversationsAsync(string botId, RecentConversationsQuery query, CancellationToken cancellationToken)
    {
        var prefix = ConversationGrainIds.Prefix(botId);
        IReadOnlyList<ConversationSummary> page = [.. _stored
            .Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(entry => new ConversationSummary(entry.Key[prefix.Length..], entry.Value.UpdatedUtc, entry.Value.EventCount))
            .Where(c => string.IsNullOrEmpty(query.Search) || c.Id.Contains(query.Search, StringComparison.OrdinalIgnoreCase))
            .Where(c => query.After is null || query.After.IsBefore(c.UpdatedUtc, c.Id))
            .OrderByDescending(c => c.UpdatedUtc)
            .ThenByDescending(c => c.Id, StringComparer.Ordinal)
            .Take(query.Limit)];
        return Task.FromResult(page);
    }
}
