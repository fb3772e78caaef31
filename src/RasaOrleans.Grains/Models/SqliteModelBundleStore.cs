using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RasaOrleans.Grains.Models;

/// <summary>The registry in the data directory's SQLite file (one machine): tables <c>model_bundles</c> and <c>model_serving</c>.</summary>
public sealed class SqliteModelBundleStore(string databasePath) : IModelBundleStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        await ExecuteAsync("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS model_bundles (
                version     INTEGER PRIMARY KEY AUTOINCREMENT,
                slot        TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                source      TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                bundle      BLOB NOT NULL
            );
            CREATE INDEX IF NOT EXISTS model_bundles_slot ON model_bundles (slot, version);
            CREATE TABLE IF NOT EXISTS model_serving (
                silo        TEXT PRIMARY KEY,
                serving     TEXT NOT NULL,
                updated_utc TEXT NOT NULL
            ) WITHOUT ROWID;
            """, _ => { }, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelBundleHead>> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT version, slot, fingerprint, source, created_utc FROM model_bundles b
            WHERE version = (SELECT max(version) FROM model_bundles WHERE slot = b.slot) ORDER BY slot;
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var heads = new List<ModelBundleHead>();
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(new ModelBundleHead(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        }

        return heads;
    }

    public async Task<byte[]> ReadBundleAsync(long version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT bundle FROM model_bundles WHERE version = $version;";
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[]
            ?? throw new InvalidOperationException($"model bundle version {version} is not in the registry any more");
    }

    public async Task<ModelBundleHead> PutAsync(string slot, string fingerprint, string source, byte[] bundle, CancellationToken cancellationToken)
    {
        var created = DateTimeOffset.UtcNow;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO model_bundles (slot, fingerprint, source, created_utc, bundle) VALUES ($slot, $fingerprint, $source, $created, $bundle);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$slot", slot);
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$created", created.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$bundle", bundle);
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await using var prune = connection.CreateCommand();
        prune.Transaction = transaction;
        prune.CommandText = "DELETE FROM model_bundles WHERE slot = $slot AND version < (SELECT min(version) FROM (SELECT version FROM model_bundles WHERE slot = $slot ORDER BY version DESC LIMIT 2));";
        prune.Parameters.AddWithValue("$slot", slot);
        await prune.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ModelBundleHead(version, slot, fingerprint, source, created);
    }

    public Task ReportServingAsync(string silo, IReadOnlyDictionary<string, string> serving, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO model_serving (silo, serving, updated_utc) VALUES ($silo, $serving, $updated)
            ON CONFLICT (silo) DO UPDATE SET serving = excluded.serving, updated_utc = excluded.updated_utc;
            """, command =>
        {
            command.Parameters.AddWithValue("$silo", silo);
            command.Parameters.AddWithValue("$serving", JsonSerializer.Serialize(serving));
            command.Parameters.AddWithValue("$updated", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        }, cancellationToken);

    public async Task<IReadOnlyList<SiloServing>> ServingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT silo, serving, updated_utc FROM model_serving ORDER BY updated_utc DESC;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var all = new List<SiloServing>();
        while (await reader.ReadAsync(cancellationToken))
        {
            all.Add(new SiloServing(reader.GetString(0), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1)) ?? [],
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        }

        return all;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
