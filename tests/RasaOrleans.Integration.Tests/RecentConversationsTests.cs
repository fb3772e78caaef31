using Microsoft.Extensions.Logging.Abstractions;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Server.Postgres;

namespace RasaOrleans.Integration.Tests;

/// <summary>The newest-first conversation listing (the inspector's) on a real PostgreSQL.</summary>
public sealed class RecentConversationsTests
{
    [PostgresFact]
    public async Task Postgres_lists_conversations_newest_first_in_pages_and_searchable_by_id()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        await PostgresSchema.ApplyAsync(connectionString, CancellationToken.None);
        var options = new PostgresEventLogStorageOptions { ConnectionString = connectionString, ServiceId = "rasa-it-" + Guid.NewGuid().ToString("N")[..12] };
        using var storage = new PostgresEventLogStorage("conversations", options, null, NullLogger<PostgresEventLogStorage>.Instance);
        foreach (var id in new[] { "default/alpha", "default/beta_1", "default/gamma", "other/delta", "default/alpha" })
        {
            var grainId = GrainId.Create(ConversationGrainIds.GrainType, id);
            var state = new GrainState<ConversationState>(new ConversationState());
            await storage.ReadStateAsync(ConversationGrainIds.StateName, grainId, state);
            state.State!.Events.Add("""{"event":"action","name":"action_listen"}""");
            await storage.WriteStateAsync(ConversationGrainIds.StateName, grainId, state);
        }

        var all = await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(10), CancellationToken.None);
        var first = await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(2), CancellationToken.None);
        var second = await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(2, After: RecentCursor.TryParse(first[^1].Cursor.ToString())), CancellationToken.None);

        Assert.Equal(["alpha", "gamma", "beta_1"], all.Select(c => c.Id));
        Assert.Equal([2L, 1L, 1L], all.Select(c => c.EventCount));
        Assert.Equal(["alpha", "gamma"], first.Select(c => c.Id));
        Assert.Equal(["beta_1"], second.Select(c => c.Id));
        Assert.Equal(["beta_1"], (await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(10, "TA_"), CancellationToken.None)).Select(c => c.Id));
        Assert.Empty(await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(10, "%"), CancellationToken.None));
    }
}
