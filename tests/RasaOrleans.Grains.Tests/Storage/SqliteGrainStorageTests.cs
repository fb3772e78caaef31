using Orleans.Storage;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Grains.Tests.Storage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private const string StateName = "tracker";
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static GrainId NewConversationId() => GrainId.Create("conversation", $"default/{Guid.NewGuid():N}");

    private static List<string> Turn(int turn) =>
    [
        $$"""{"event":"user","text":"hello {{turn}}"}""",
        $$"""{"event":"action","name":"utter_greet","turn":{{turn}}}""",
        """{"event":"action","name":"action_listen"}""",
    ];

    private static async Task<StateBox<ConversationState>> ReadAsync(SqliteGrainStorage storage, GrainId id)
    {
        var state = new StateBox<ConversationState>(new ConversationState());
        await storage.ReadStateAsync(StateName, id, state);
        return state;
    }

    [Fact]
    public async Task Write_then_read_round_trips_events_and_fields()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        var written = new StateBox<ConversationState>(new ConversationState { BotId = "moodbot", Exists = true, Events = Turn(1) });

        await storage.WriteStateAsync(StateName, id, written);
        var read = await ReadAsync(storage, id);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(Turn(1), read.State.Events);
        Assert.Equal("moodbot", read.State.BotId);
        Assert.True(read.State.Exists);
        Assert.Equal(0, read.State.Generation);
    }

    [Fact]
    public async Task Reading_a_missing_state_leaves_no_record_and_no_etag()
    {
        var read = await ReadAsync(_db.CreateStorage(), NewConversationId());

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Empty(read.State.Events);
    }

    [Fact]
    public async Task Each_write_inserts_only_the_events_appended_since_the_last_write()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        var state = new StateBox<ConversationState>(new ConversationState());
        for (var turn = 0; turn < 50; turn++)
        {
            state.State.Events.AddRange(Turn(turn));
            await storage.WriteStateAsync(StateName, id, state);
        }

        _db.CountEventRowWrites();
        state.State.Events.AddRange(Turn(50));
        await storage.WriteStateAsync(StateName, id, state);
        Assert.Equal((3L, 0L), _db.TakeEventRowWrites());

        // a write with no new events touches no event row
        state.State.Exists = true;
        await storage.WriteStateAsync(StateName, id, state);
        Assert.Equal((0L, 0L), _db.TakeEventRowWrites());

        var read = await ReadAsync(storage, id);
        Assert.Equal(153, read.State.Events.Count);
        Assert.Equal(state.State.Events, read.State.Events);
        Assert.True(read.State.Exists);
    }

    [Fact]
    public async Task A_new_generation_replaces_the_whole_log()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        var state = new StateBox<ConversationState>(new ConversationState { Events = [.. Turn(1), .. Turn(2)] });
        await storage.WriteStateAsync(StateName, id, state);
        _db.CountEventRowWrites();

        state.State.Events = ["""{"event":"restart"}"""];
        state.State.Generation++;
        await storage.WriteStateAsync(StateName, id, state);

        Assert.Equal((1L, 6L), _db.TakeEventRowWrites());
        var read = await ReadAsync(storage, id);
        Assert.Equal(1, read.State.Generation);
        Assert.Equal(["""{"event":"restart"}"""], read.State.Events);
    }

    [Fact]
    public async Task A_log_that_shrinks_without_a_new_generation_is_still_stored_exactly()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        var state = new StateBox<ConversationState>(new ConversationState { Events = [.. Turn(1), .. Turn(2)] });
        await storage.WriteStateAsync(StateName, id, state);

        state.State.Events.RemoveRange(3, 3);
        await storage.WriteStateAsync(StateName, id, state);

        Assert.Equal(Turn(1), (await ReadAsync(storage, id)).State.Events);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_rejected_and_changes_nothing()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        await storage.WriteStateAsync(StateName, id, new StateBox<ConversationState>(new ConversationState { Events = Turn(1) }));
        var first = await ReadAsync(storage, id);
        var second = await ReadAsync(storage, id);

        first.State.Events.AddRange(Turn(2));
        await storage.WriteStateAsync(StateName, id, first);
        second.State.Events.Add("""{"event":"bot","text":"stale"}""");

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, second));
        Assert.Equal(first.State.Events, (await ReadAsync(storage, id)).State.Events);
    }

    [Fact]
    public async Task Creating_a_state_that_already_exists_is_rejected()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        await storage.WriteStateAsync(StateName, id, new StateBox<ConversationState>(new ConversationState()));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, id, new StateBox<ConversationState>(new ConversationState())));
    }

    [Fact]
    public async Task Clear_deletes_the_head_and_every_event_row()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        var state = new StateBox<ConversationState>(new ConversationState { Events = Turn(1) });
        await storage.WriteStateAsync(StateName, id, state);
        var staleEtag = state.ETag;

        await storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM grain_events"));
        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM grain_state"));
        Assert.False((await ReadAsync(storage, id)).RecordExists);

        // a writer still holding the etag from before the clear cannot resurrect the state
        var stale = new StateBox<ConversationState>(new ConversationState(), staleEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, stale));
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_rejected()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        var state = new StateBox<ConversationState>(new ConversationState { Events = Turn(1) });
        await storage.WriteStateAsync(StateName, id, state);
        var stale = new StateBox<ConversationState>(new ConversationState(), "0000");

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, id, stale));
        Assert.True((await ReadAsync(storage, id)).RecordExists);
    }

    [Fact]
    public async Task State_survives_disposing_everything_and_opening_the_file_again()
    {
        var id = NewConversationId();
        var state = new StateBox<ConversationState>(new ConversationState { BotId = "b", Events = Turn(1) });
        await _db.CreateStorage().WriteStateAsync(StateName, id, state);
        state.State.Events.AddRange(Turn(2));
        await _db.CreateStorage().WriteStateAsync(StateName, id, state);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var read = await ReadAsync(_db.CreateStorage("reopened"), id);

        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(state.State.Events, read.State.Events);
        Assert.Equal("b", read.State.BotId);
    }

    [Fact]
    public async Task Other_states_are_stored_whole_as_json_without_type_names()
    {
        var storage = _db.CreateStorage();
        var id = GrainId.Create("profile", "u1");
        var state = new StateBox<ProfileState>(new ProfileState { Name = "Ada", Visits = 3, Tags = ["a", "b"] });

        await storage.WriteStateAsync("profile", id, state);
        var read = new StateBox<ProfileState>(new ProfileState());
        await storage.ReadStateAsync("profile", id, read);

        Assert.Equal("Ada", read.State.Name);
        Assert.Equal(3, read.State.Visits);
        Assert.Equal(["a", "b"], read.State.Tags);
        var payload = _db.Text("SELECT payload FROM grain_state");
        Assert.Equal("""{"Name":"Ada","Visits":3,"Tags":["a","b"]}""", payload);
        Assert.Equal(0, _db.Scalar("SELECT count(*) FROM grain_events"));
    }

    [Fact]
    public async Task The_event_log_is_kept_out_of_the_head_payload()
    {
        var storage = _db.CreateStorage();
        await storage.WriteStateAsync(StateName, NewConversationId(),
            new StateBox<ConversationState>(new ConversationState { BotId = "b", Exists = true, Events = Turn(1) }));

        Assert.Equal("""{"BotId":"b","Exists":true,"LastStatus":0}""", _db.Text("SELECT payload FROM grain_state"));
    }

    [Fact]
    public async Task The_file_uses_the_write_ahead_log()
    {
        await _db.CreateStorage().EnsureInitializedAsync();

        Assert.Equal("wal", _db.Text("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Concurrent_writes_from_many_grains_all_land()
    {
        var storage = _db.CreateStorage();
        var ids = Enumerable.Range(0, 16).Select(_ => NewConversationId()).ToList();

        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            var state = new StateBox<ConversationState>(new ConversationState());
            for (var turn = 0; turn < 10; turn++)
            {
                state.State.Events.AddRange(Turn(turn));
                await storage.WriteStateAsync(StateName, id, state);
            }
        })));

        Assert.Equal(16 * 30, _db.Scalar("SELECT count(*) FROM grain_events"));
        foreach (var id in ids)
        {
            Assert.Equal(30, (await ReadAsync(storage, id)).State.Events.Count);
        }
    }

    [Fact]
    public async Task Long_events_are_stored_compressed_short_ones_as_text_and_both_read_back_exactly()
    {
        var storage = _db.CreateStorage();
        var id = NewConversationId();
        var ranking = string.Join(", ", Enumerable.Range(0, 12).Select(i => $$"""{"name": "intent_{{i}}", "confidence": 0.0{{i}}}"""));
        var user = $$$"""{"event":"user","text":"i would like a table for two in rome","parse_data":{"intent":{"name":"intent_0","confidence":0.9},"entities":[],"intent_ranking":[{{{ranking}}}]}}""";
        var written = new List<string> { """{"event":"action","name":"action_listen"}""", user };

        await storage.WriteStateAsync(StateName, id, new StateBox<ConversationState>(new ConversationState { Events = written }));

        Assert.Equal(written, (await ReadAsync(_db.CreateStorage(), id)).State.Events);
        Assert.Equal(1, _db.Scalar("SELECT count(*) FROM grain_events WHERE typeof(event) = 'text' AND seq = 0"));
        Assert.Equal(1, _db.Scalar("SELECT count(*) FROM grain_events WHERE typeof(event) = 'blob' AND seq = 1"));
        Assert.True(_db.Scalar("SELECT length(event) FROM grain_events WHERE seq = 1") < System.Text.Encoding.UTF8.GetByteCount(user) / 2);
    }

    [Fact]
    public async Task A_stale_write_sent_with_many_others_fails_alone_and_the_others_are_stored()
    {
        // writes arriving together share one transaction (group commit): one refused write must not take the others down
        var storage = _db.CreateStorage();
        var stale = NewConversationId();
        await storage.WriteStateAsync(StateName, stale, new StateBox<ConversationState>(new ConversationState { Events = Turn(0) }));
        var ids = Enumerable.Range(0, 60).Select(_ => NewConversationId()).ToList();

        var writes = ids.Select(id => storage.WriteStateAsync(StateName, id, new StateBox<ConversationState>(new ConversationState { Events = Turn(1) })))
            .Append(storage.WriteStateAsync(StateName, stale, new StateBox<ConversationState>(new ConversationState { Events = Turn(1) }) { ETag = "not-the-stored-one" }))
            .ToList();
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                await write;
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }));

        Assert.All(outcomes[..^1], Assert.Null);
        Assert.IsType<InconsistentStateException>(outcomes[^1]);
        Assert.Equal(60 * 3 + 3, _db.Scalar("SELECT count(*) FROM grain_events"));
        Assert.Equal(Turn(0), (await ReadAsync(_db.CreateStorage(), stale)).State.Events);
    }

    [Fact]
    public async Task A_write_that_fails_part_way_is_undone_alone_and_the_writes_sent_with_it_are_stored()
    {
        var storage = _db.CreateStorage();
        var broken = NewConversationId();
        var ids = Enumerable.Range(0, 40).Select(_ => NewConversationId()).ToList();
        // its second event cannot be stored: the first was inserted when the write fails, and must not stay
        var bad = new ConversationState { Events = ["""{"event":"action","name":"action_listen"}""", null!] };

        var writes = ids.Select(id => storage.WriteStateAsync(StateName, id, new StateBox<ConversationState>(new ConversationState { Events = Turn(1) })))
            .Append(storage.WriteStateAsync(StateName, broken, new StateBox<ConversationState>(bad)))
            .ToList();
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => writes[^1]);
        await Task.WhenAll(writes[..^1]);

        Assert.IsNotType<InconsistentStateException>(failed);
        Assert.Equal(40 * 3, _db.Scalar("SELECT count(*) FROM grain_events"));
        Assert.False((await ReadAsync(storage, broken)).RecordExists);
        foreach (var id in ids)
        {
            Assert.Equal(Turn(1), (await ReadAsync(storage, id)).State.Events);
        }
    }

    [Fact]
    public async Task Recent_conversations_are_listed_newest_first_in_pages_and_searchable_by_id()
    {
        var storage = _db.CreateStorage();
        foreach (var id in new[] { "default/alpha", "default/beta_1", "default/gamma", "other/delta", "default/alpha" })
        {
            var state = new StateBox<ConversationState>(new ConversationState { Events = Turn(1) });
            await storage.ReadStateAsync(StateName, GrainId.Create("conversation", id), state);
            state.State.Events.AddRange(Turn(2));
            await storage.WriteStateAsync(StateName, GrainId.Create("conversation", id), state);
        }

        var all = await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(10), CancellationToken.None);
        var first = await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(2), CancellationToken.None);
        var second = await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(2, After: first[^1].Cursor), CancellationToken.None);

        Assert.Equal(["alpha", "gamma", "beta_1"], all.Select(c => c.Id));
        Assert.Equal([9L, 6L, 6L], all.Select(c => c.EventCount));
        Assert.True(all[0].UpdatedUtc > all[1].UpdatedUtc);
        Assert.Equal(["alpha", "gamma"], first.Select(c => c.Id));
        Assert.Equal(["beta_1"], second.Select(c => c.Id));
        Assert.Equal(["beta_1"], (await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(10, "TA_"), CancellationToken.None)).Select(c => c.Id));
        Assert.Empty(await storage.ListRecentConversationsAsync("default", new RecentConversationsQuery(10, "%"), CancellationToken.None));
        Assert.Equal(first[^1].Cursor, RecentCursor.TryParse(first[^1].Cursor.ToString()));
    }
}
