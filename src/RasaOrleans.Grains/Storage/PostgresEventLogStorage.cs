using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// Grain storage on PostgreSQL whose write cost does not grow with a conversation's length: the same layout as
/// <see cref="SqliteGrainStorage"/> (a small head row per grain state in <c>rasa_grain_state</c>, one row per
/// event of an <see cref="IEventLogState"/> in <c>rasa_grain_events</c>; schema in
/// <c>k8s/sql/postgresql/04-conversations.sql</c>; rows scoped by the Orleans service id). A write inserts only the events past the stored count, in
/// one statement, and rewrites the log only when the generation changed.
/// </summary>
/// <remarks>
/// Conversations stored by the earlier Orleans ADO.NET provider (one JSON row per conversation) are still read:
/// when a grain has no head row here, <c>legacy</c> is asked, and the first write stores the whole log here.
/// Concurrency: the head row is locked (<c>FOR UPDATE</c>) and its ETag checked inside the write transaction.
/// </remarks>
public sealed partial class PostgresEventLogStorage : IGrainStorage, IConversationCatalog, IDisposable
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IGrainStorage? _legacy;
    private readonly ILogger<PostgresEventLogStorage> _logger;
    private readonly JsonSerializerOptions _json;

    public PostgresEventLogStorage(string name, PostgresEventLogStorageOptions options, IGrainStorage? legacy, ILogger<PostgresEventLogStorage> logger)
    {
        _name = name;
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _serviceId = options.ServiceId;
        _legacy = legacy;
        _logger = logger;
        _json = EventLogStateJson.CreateOptions();
    }

    public void Dispose() => _dataSource.Dispose();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.ToString();
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        string etag;
        long? generation;
        string payload;
        await using (var command = Command(connection, transaction,
            "SELECT etag, generation, payload FROM rasa_grain_state WHERE service_id = @service AND state_name = @state AND grain_id = @grain", stateName, key))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
            {
                await reader.DisposeAsync();
                await ReadLegacyAsync(stateName, grainId, grainState);
                return;
            }

            etag = reader.GetString(0);
            generation = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            payload = reader.GetString(2);
        }

        var state = await EventLogStateJson.RestoreAsync<T>(_json, payload, generation,
            () => ReadEventsAsync(connection, transaction, stateName, key), stateName, key);

        await transaction.CommitAsync();
        grainState.State = state;
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.ToString();
        var state = grainState.State;
        var payload = JsonSerializer.Serialize(state, _json);
        var newEtag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var head = await ReadHeadAsync(connection, transaction, stateName, key);
        EventLogHead.CheckEtag(head, stateName, key, grainState.ETag);
        var log = state as IEventLogState;
        long? generation = log?.Generation;
        var eventCount = log?.Events.Count ?? 0;
        if (head is null)
        {
            // FOR UPDATE locks nothing when there is no row: the first write claims the key by inserting the head,
            // and a second first writer finds it taken
            await using var claim = Command(connection, transaction, """
                INSERT INTO rasa_grain_state (service_id, state_name, grain_id, etag, generation, event_count, payload, updated_utc)
                VALUES (@service, @state, @grain, @etag, @generation, @count, @payload, now())
                ON CONFLICT (service_id, state_name, grain_id) DO NOTHING
                """, stateName, key);
            AddHead(claim, newEtag, generation, eventCount, payload);
            if (await claim.ExecuteNonQueryAsync() == 0)
            {
                throw new InconsistentStateException($"State '{stateName}' of {key} was created by another writer.", null, grainState.ETag);
            }
        }

        if (log is not null)
        {
            var appendFrom = EventLogHead.AppendFrom(head, log);
            if (EventLogHead.MustDeleteStored(head, appendFrom))
            {
                await using var delete = Command(connection, transaction,
                    "DELETE FROM rasa_grain_events WHERE service_id = @service AND state_name = @state AND grain_id = @grain", stateName, key);
                await delete.ExecuteNonQueryAsync();
            }

            if (appendFrom < log.Events.Count)
            {
                // one statement for all the turn's events
                await using var insert = Command(connection, transaction, """
                    INSERT INTO rasa_grain_events (service_id, state_name, grain_id, seq, event)
                    SELECT @service, @state, @grain, t.seq, t.event FROM unnest(@seqs, @events) AS t(seq, event)
                    """, stateName, key);
                insert.Parameters.Add(new NpgsqlParameter<long[]>("seqs", [.. Enumerable.Range(appendFrom, log.Events.Count - appendFrom).Select(i => (long)i)]));
                insert.Parameters.Add(new NpgsqlParameter<string[]>("events", [.. log.Events.Skip(appendFrom)]));
                await insert.ExecuteNonQueryAsync();
            }
        }

        if (head is not null)
        {
            await using var update = Command(connection, transaction, """
                UPDATE rasa_grain_state SET etag = @etag, generation = @generation, event_count = @count, payload = @payload, updated_utc = now()
                WHERE service_id = @service AND state_name = @state AND grain_id = @grain
                """, stateName, key);
            AddHead(update, newEtag, generation, eventCount, payload);
            await update.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.ToString();
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var head = await ReadHeadAsync(connection, transaction, stateName, key);
        EventLogHead.CheckEtag(head, stateName, key, grainState.ETag);
        await using (var delete = Command(connection, transaction, """
            DELETE FROM rasa_grain_events WHERE service_id = @service AND state_name = @state AND grain_id = @grain;
            DELETE FROM rasa_grain_state WHERE service_id = @service AND state_name = @state AND grain_id = @grain;
            """, stateName, key))
        {
            await delete.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public async Task<IReadOnlyList<string>> ListConversationsAsync(string botId, int? limit, string? after, CancellationToken cancellationToken)
    {
        var (prefix, from, to) = ConversationGrainIds.ListRange(botId, after);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT grain_id FROM rasa_grain_state
            WHERE service_id = @service AND state_name = @state AND grain_id > @from AND grain_id < @to
            ORDER BY grain_id LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("state", ConversationGrainIds.StateName);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Bigint) { Value = limit is { } l ? l : DBNull.Value });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0)[prefix.Length..]);
        }

        return ids;
    }

    public async Task<IReadOnlyList<ConversationSummary>> ListRecentConversationsAsync(string botId, RecentConversationsQuery query, CancellationToken cancellationToken)
    {
        var (prefix, from, to) = ConversationGrainIds.ListRange(botId, null);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT grain_id, updated_utc, event_count FROM rasa_grain_state
            WHERE service_id = @service AND state_name = @state AND grain_id > @from AND grain_id < @to
              AND (@pattern IS NULL OR grain_id ILIKE @pattern ESCAPE '\')
              AND (@afterTime IS NULL OR (updated_utc, grain_id) < (@afterTime, @afterId))
            ORDER BY updated_utc DESC, grain_id DESC LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("state", ConversationGrainIds.StateName);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.Add(new NpgsqlParameter("pattern", NpgsqlDbType.Text) { Value = (object?)query.LikePattern(prefix) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("afterTime", NpgsqlDbType.TimestampTz) { Value = (object?)query.After?.UpdatedUtc ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("afterId", NpgsqlDbType.Text) { Value = query.After is { } after ? prefix + after.Id : DBNull.Value });
        command.Parameters.AddWithValue("limit", (long)query.Limit);
        var page = new List<ConversationSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new ConversationSummary(reader.GetString(0)[prefix.Length..], reader.GetFieldValue<DateTime>(1), reader.GetInt64(2)));
        }

        return page;
    }

    private async Task ReadLegacyAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_legacy is not null)
        {
            await _legacy.ReadStateAsync(stateName, grainId, grainState);
            if (grainState.RecordExists)
            {
                // served as it is; the first write stores the whole log in this provider's tables
                LogLegacyRead(_logger, _name, grainId.ToString());
                grainState.ETag = null;
                return;
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string stateName, string key)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("grain", key);
        return command;
    }

    private static void AddHead(NpgsqlCommand command, string etag, long? generation, int eventCount, string payload)
    {
        command.Parameters.AddWithValue("etag", etag);
        command.Parameters.Add(new NpgsqlParameter("generation", NpgsqlDbType.Bigint) { Value = (object?)generation ?? DBNull.Value });
        command.Parameters.AddWithValue("count", (long)eventCount);
        command.Parameters.AddWithValue("payload", payload);
    }

    private async Task<EventLogHead?> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string stateName, string key)
    {
        await using var command = Command(connection, transaction,
            "SELECT etag, generation, event_count FROM rasa_grain_state WHERE service_id = @service AND state_name = @state AND grain_id = @grain FOR UPDATE", stateName, key);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new EventLogHead(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetInt64(2))
            : null;
    }

    private async Task<List<string>> ReadEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string stateName, string key)
    {
        await using var command = Command(connection, transaction,
            "SELECT event FROM rasa_grain_events WHERE service_id = @service AND state_name = @state AND grain_id = @grain ORDER BY seq", stateName, key);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<string>();
        while (await reader.ReadAsync())
        {
            events.Add(reader.GetString(0));
        }

        return events;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{StorageName}: {GrainId} read from the earlier ADO.NET storage; its next write moves it here")]
    private static partial void LogLegacyRead(ILogger logger, string storageName, string grainId);
}
