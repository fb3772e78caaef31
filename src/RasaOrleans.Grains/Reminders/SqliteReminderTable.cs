using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RasaOrleans.Grains.Reminders;

/// <summary>The embedded store's reminder table: <c>rasa-orleans-reminders.db</c> in the data directory (WAL, synchronous writes).</summary>
public sealed class SqliteReminderTable(string dataDirectory, string serviceId) : SqlReminderTable(serviceId)
{
    public const string FileName = "rasa-orleans-reminders.db";

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, FileName),
        Pooling = true,
    }.ToString();

    private bool _folderExists;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_folderExists)
        {
            // the reminder service may start before the conversation store created the data directory
            Directory.CreateDirectory(dataDirectory);
            _folderExists = true;
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    protected override async Task CreateTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS rasa_reminders (
                service_id  TEXT    NOT NULL,
                grain_id    TEXT    NOT NULL,
                name        TEXT    NOT NULL,
                grain_hash  INTEGER NOT NULL,
                start_at_ms INTEGER NOT NULL,
                period_ms   INTEGER NOT NULL,
                etag        TEXT    NOT NULL,
                PRIMARY KEY (service_id, grain_id, name));
            CREATE INDEX IF NOT EXISTS rasa_reminders_hash ON rasa_reminders (service_id, grain_hash);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
