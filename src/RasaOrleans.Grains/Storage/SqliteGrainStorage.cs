using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// Durable, embedded Orleans grain storage in one SQLite file (write-ahead log), for a single-process deployment.
/// </summary>
/// <remarks>
/// <para>
/// Layout: <c>grain_state</c> holds one head row per (state name, grain id) with the ETag and the state as JSON;
/// <c>grain_events</c> holds the log of an <see cref="IEventLogState"/>, one row per event keyed by sequence
/// number (its JSON as text, or compressed when long: <see cref="EventCompression"/>). A write of an event-log
/// state inserts only the rows past the stored count and rewrites the log only when
/// <see cref="IEventLogState.Generation"/> changed, so its cost is bounded by the events of one turn.
/// </para>
/// <para>
/// Serializer: System.Text.Json with the state's public properties by name and no type metadata. No CLR
/// type or assembly name is stored, so renaming or moving a state class never orphans stored data; unknown
/// JSON properties are ignored on read, missing ones keep the class's initial values.
/// </para>
/// <para>
/// Concurrency: reads use a connection per operation from Microsoft.Data.Sqlite's pool (the write-ahead log lets
/// them run next to the writer). Writes and clears go through one writer (<see cref="SqliteWriteQueue"/>): the
/// writes that arrive while a transaction commits share the next one (group commit), and each caller returns only
/// after its transaction committed. Another process writing the same file waits on SQLite's lock up to
/// <see cref="SqliteGrainStorageOptions.BusyTimeout"/>. ETags are random per write, so a stale writer is rejected
/// even after the state was cleared and recreated.
/// </para>
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, IConversationCatalog, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const int SchemaVersion = 1;

    private const long MmapBytes = 256L * 1024 * 1024;

    // The writer keeps a larger page cache (the b-tree pages turns touch stay in memory) and leaves checkpoints to
    // the checkpointer: a checkpoint inside a commit would hold every queued turn behind its fsync.
    private const string WriterPragmas = "PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=0;";

    private static readonly TimeSpan CheckpointPeriod = TimeSpan.FromSeconds(1);

    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly JsonSerializerOptions _json;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;
    private readonly Lock _writerLock = new();
    private SqliteWriteQueue? _writer;
    private readonly ManualResetEventSlim _stopping = new();
    private Thread? _checkpoints;
    private int _disposed;

    // native connections (pooled by Microsoft.Data.Sqlite) whose per-connection pragmas are set
    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    /// <summary>Creates a storage over the file named by <paramref name="options"/>.</summary>
    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        var synchronous = options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
        // mmap: reads (activations) come from the OS page cache without a copy per page
        _pragmas = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout={(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA mmap_size={MmapBytes};";
        _json = EventLogStateJson.CreateOptions();
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath => _options.DatabasePath;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, EnsureInitializedAsync);

    /// <summary>Creates the directory, the file and the schema if needed. Idempotent.</summary>
    public async Task EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_options.DatabasePath)!);
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // page_size (only takes effect on a new file: 16 KiB pages keep events of up to ~4 KB inside the b-tree
            // instead of spilling each into a 4 KiB overflow page) and journal_mode=WAL are stored in the file; the
            // other pragmas are per connection (see OpenAsync).
            command.CommandText = $"""
                PRAGMA page_size=16384;
                PRAGMA journal_mode=WAL;
                {_pragmas}
                CREATE TABLE IF NOT EXISTS grain_state (
                    state_name  TEXT    NOT NULL,
                    grain_id    TEXT    NOT NULL,
                    etag        TEXT    NOT NULL,
                    generation  INTEGER NULL,
                    event_count INTEGER NOT NULL DEFAULT 0,
                    payload     TEXT    NOT NULL,
                    updated_utc TEXT    NOT NULL,
                    PRIMARY KEY (state_name, grain_id)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS grain_events (
                    state_name TEXT    NOT NULL,
                    grain_id   TEXT    NOT NULL,
                    seq        INTEGER NOT NULL,
                    event      TEXT    NOT NULL,
                    PRIMARY KEY (state_name, grain_id, seq)
                ) WITHOUT ROWID;
                PRAGMA user_version={SchemaVersion};
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _initialized = true;
            LogInitialized(_logger, _name, _options.DatabasePath, _options.Synchronous);
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Opens a connection and runs a trivial query: proves the file is there and readable.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE 0;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);

        string etag;
        long? generation;
        string payload;
        await using (var command = Command(connection, transaction,
            "SELECT etag, generation, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain;", stateName, key))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            etag = reader.GetString(0);
            generation = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            payload = reader.GetString(2);
        }

        var state = await EventLogStateJson.RestoreAsync<T>(_json, payload, generation,
            () => ReadEventsAsync(connection, transaction, stateName, key, cancellationToken), stateName, key);

        grainState.State = state;
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        var state = grainState.State;
        var payload = JsonSerializer.Serialize(state, _json);
        var newEtag = NewEtag();
        var callerEtag = grainState.ETag;
        var updated = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

        // group commit: the write joins the next transaction of the single writer and returns once it committed
        await (await WriterAsync(cancellationToken)).WriteAsync(context =>
        {
            var head = ReadHead(context, stateName, key);
            EventLogHead.CheckEtag(head, stateName, key, callerEtag);

            long? generation = null;
            var eventCount = 0;
            if (state is IEventLogState log)
            {
                var events = log.Events;
                generation = log.Generation;
                eventCount = events.Count;
                var appendFrom = EventLogHead.AppendFrom(head, log);
                if (EventLogHead.MustDeleteStored(head, appendFrom))
                {
                    if (head!.Generation == log.Generation)
                    {
                        LogShrunkWithoutNewGeneration(_logger, stateName, key, head.EventCount, events.Count);
                    }

                    var delete = Keyed(context, "DELETE FROM grain_events WHERE state_name = $state AND grain_id = $grain;", stateName, key);
                    delete.ExecuteNonQuery();
                }

                InsertEvents(context, stateName, key, events, appendFrom);
            }

            var upsert = Keyed(context, """
                INSERT INTO grain_state (state_name, grain_id, etag, generation, event_count, payload, updated_utc)
                VALUES ($state, $grain, $etag, $generation, $count, $payload, $updated)
                ON CONFLICT (state_name, grain_id) DO UPDATE SET
                    etag = excluded.etag, generation = excluded.generation, event_count = excluded.event_count,
                    payload = excluded.payload, updated_utc = excluded.updated_utc;
                """, stateName, key);
            upsert.Parameters.AddWithValue("$etag", newEtag);
            upsert.Parameters.AddWithValue("$generation", (object?)generation ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$count", eventCount);
            upsert.Parameters.AddWithValue("$payload", payload);
            upsert.Parameters.AddWithValue("$updated", updated);
            upsert.ExecuteNonQuery();
        }, cancellationToken);

        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        var callerEtag = grainState.ETag;
        await (await WriterAsync(cancellationToken)).WriteAsync(context =>
        {
            var head = ReadHead(context, stateName, key);
            EventLogHead.CheckEtag(head, stateName, key, callerEtag);
            if (head is not null)
            {
                Keyed(context, "DELETE FROM grain_events WHERE state_name = $state AND grain_id = $grain;", stateName, key).ExecuteNonQuery();
                Keyed(context, "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain;", stateName, key).ExecuteNonQuery();
            }
        }, cancellationToken);

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Stops the writer after the writes already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        // registered under several service types, so disposed more than once: only the first call stops
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Set();
        _checkpoints?.Join();
        if (_writer is { } writer)
        {
            await writer.DisposeAsync();
            Checkpoint();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListConversationsAsync(string botId, int? limit, string? after, CancellationToken cancellationToken)
    {
        var (prefix, from, to) = ConversationGrainIds.ListRange(botId, after);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT grain_id FROM grain_state
            WHERE state_name = $state AND grain_id > $from AND grain_id < $to
            ORDER BY grain_id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$state", ConversationGrainIds.StateName);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$limit", limit ?? -1);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0)[prefix.Length..]);
        }

        return ids;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationSummary>> ListRecentConversationsAsync(string botId, RecentConversationsQuery query, CancellationToken cancellationToken)
    {
        var (prefix, from, to) = ConversationGrainIds.ListRange(botId, null);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // updated_utc is round-trip ("O") text of UTC times: its text order is time order
        command.CommandText = """
            SELECT grain_id, updated_utc, event_count FROM grain_state
            WHERE state_name = $state AND grain_id > $from AND grain_id < $to
              AND ($pattern IS NULL OR grain_id LIKE $pattern ESCAPE '\')
              AND ($afterTime IS NULL OR updated_utc < $afterTime OR (updated_utc = $afterTime AND grain_id < $afterId))
            ORDER BY updated_utc DESC, grain_id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$state", ConversationGrainIds.StateName);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$pattern", (object?)query.LikePattern(prefix) ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterTime", (object?)query.After?.UpdatedUtc.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterId", query.After is { } after ? prefix + after.Id : DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit);
        var page = new List<ConversationSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var updated = DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            page.Add(new ConversationSummary(reader.GetString(0)[prefix.Length..], updated, reader.GetInt64(2)));
        }

        return page;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // the pragmas hold for the native connection, which the pool hands out again: set them once per handle
            if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
                _configured.AddOrUpdate(handle, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string stateName, string key)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", key);
        return command;
    }

    private static EventLogHead? ReadHead(SqliteWriteContext context, string stateName, string key)
    {
        var command = Keyed(context, "SELECT etag, generation, event_count FROM grain_state WHERE state_name = $state AND grain_id = $grain;", stateName, key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new EventLogHead(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetInt64(2));
    }

    private static SqliteCommand Keyed(SqliteWriteContext context, string sql, string stateName, string key)
    {
        var command = context.Command(sql);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", key);
        return command;
    }

    // the writer, started with the schema: every write and clear goes through it (group commit)
    private async ValueTask<SqliteWriteQueue> WriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is { } writer)
        {
            return writer;
        }

        await EnsureInitializedAsync(cancellationToken);
        lock (_writerLock)
        {
            if (_writer is null)
            {
                _writer = new SqliteWriteQueue(OpenWriterAsync);
                // a checkpoint blocks its thread for the fsyncs: its own thread, not a pool thread requests need
                _checkpoints = new Thread(CheckpointLoop) { IsBackground = true, Name = "sqlite-checkpoints" };
                _checkpoints.Start();
            }

            return _writer;
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = WriterPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private void CheckpointLoop()
    {
        while (!_stopping.Wait(CheckpointPeriod))
        {
            Checkpoint();
        }
    }

    // Copies committed pages from the write-ahead log into the database next to the writer (PASSIVE never blocks it),
    // so the log stays short and is reused from its start. A failure is logged and tried again.
    private void Checkpoint()
    {
        try
        {
            using var connection = OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        }
        catch (Exception e)
        {
            LogCheckpointFailed(_logger, e, _options.DatabasePath);
        }
    }

    private static async Task<List<string>> ReadEventsAsync(SqliteConnection connection, SqliteTransaction transaction, string stateName, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT event FROM grain_events WHERE state_name = $state AND grain_id = $grain ORDER BY seq;", stateName, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(EventCompression.Decode(reader.GetValue(0)));
        }

        return events;
    }

    private static void InsertEvents(SqliteWriteContext context, string stateName, string key, List<string> events, int from)
    {
        if (from >= events.Count)
        {
            return;
        }

        var insert = Keyed(context, "INSERT INTO grain_events (state_name, grain_id, seq, event) VALUES ($state, $grain, $seq, $event);", stateName, key);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var value = insert.Parameters.Add("$event", SqliteType.Text);
        for (var i = from; i < events.Count; i++)
        {
            seq.Value = i;
            var stored = EventCompression.Encode(events[i]);
            value.SqliteType = stored is string ? SqliteType.Text : SqliteType.Blob;
            value.Value = stored;
            insert.ExecuteNonQuery();
        }
    }

    private static string NewEtag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage {StorageName} at {DatabasePath} (synchronous={Synchronous})")]
    private static partial void LogInitialized(ILogger logger, string storageName, string databasePath, SqliteSynchronousMode synchronous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the write-ahead log of {DatabasePath} failed; it is tried again")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string databasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event log of state {StateName} of {GrainId} shrank from {StoredCount} to {NewCount} without a new generation; rewriting it")]
    private static partial void LogShrunkWithoutNewGeneration(ILogger logger, string stateName, string grainId, long storedCount, int newCount);
}
