using System.Data.Common;
using Orleans.Runtime;

namespace RasaOrleans.Grains.Reminders;

/// <summary>
/// Orleans' reminder table on a SQL database (one row per grain and reminder name, scoped by the service id, with an
/// etag per write): the embedded SQLite file on one machine, PostgreSQL in a cluster. The two differ only in how a
/// connection is opened and how the table is created.
/// </summary>
public abstract class SqlReminderTable(string serviceId) : IReminderTable
{
    private const string Columns = "grain_id, name, start_at_ms, period_ms, etag";

    /// <summary>Opens a connection to the database.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Creates the table when the store creates its own schema (SQLite); PostgreSQL's comes from the schema scripts.</summary>
    protected virtual Task CreateTableAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await CreateTableAsync(connection, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    // the overloads without a token (the interface has both)
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {Columns} FROM rasa_reminders WHERE service_id = @service AND grain_id = @grain",
            command => Add(command, "@grain", grainId.ToString()), cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        // the ring range (begin, end]; when begin >= end it wraps around zero
        var range = begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
        return ReadAsync($"SELECT {Columns} FROM rasa_reminders WHERE service_id = @service AND {range}",
            command =>
            {
                Add(command, "@begin", (long)begin);
                Add(command, "@end", (long)end);
            }, cancellationToken);
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync($"SELECT {Columns} FROM rasa_reminders WHERE service_id = @service AND grain_id = @grain AND name = @name",
            command =>
            {
                Add(command, "@grain", grainId.ToString());
                Add(command, "@name", reminderName);
            }, cancellationToken);
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO rasa_reminders (service_id, grain_id, name, grain_hash, start_at_ms, period_ms, etag)
            VALUES (@service, @grain, @name, @hash, @start, @period, @etag)
            ON CONFLICT (service_id, grain_id, name) DO UPDATE SET
                grain_hash = excluded.grain_hash, start_at_ms = excluded.start_at_ms, period_ms = excluded.period_ms, etag = excluded.etag
            """;
        Add(command, "@service", serviceId);
        Add(command, "@grain", entry.GrainId.ToString());
        Add(command, "@name", entry.ReminderName);
        Add(command, "@hash", (long)entry.GrainId.GetUniformHashCode());
        Add(command, "@start", new DateTimeOffset(entry.StartAt.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeMilliseconds());
        Add(command, "@period", (long)entry.Period.TotalMilliseconds);
        Add(command, "@etag", etag);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rasa_reminders WHERE service_id = @service AND grain_id = @grain AND name = @name AND etag = @etag";
        Add(command, "@service", serviceId);
        Add(command, "@grain", grainId.ToString());
        Add(command, "@name", reminderName);
        Add(command, "@etag", eTag);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM rasa_reminders WHERE service_id = @service";
        Add(command, "@service", serviceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<ReminderTableData> ReadAsync(string sql, Action<DbCommand> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@service", serviceId);
        parameters(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return new ReminderTableData(entries);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
