using System.Text.Json;
using Npgsql;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// The registry in PostgreSQL (a cluster): tables <c>rasa_model_bundles</c> and <c>rasa_model_serving</c>
/// (<c>k8s/sql/postgresql/05-models.sql</c>, applied with the other schema scripts), scoped by the Orleans service id.
/// </summary>
public sealed class PostgresModelBundleStore(string connectionString, string serviceId) : IModelBundleStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public void Dispose() => _dataSource.Dispose();

    // the schema scripts create the tables
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<ModelBundleHead>> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT DISTINCT ON (slot) version, slot, fingerprint, source, created_utc
            FROM rasa_model_bundles WHERE service_id = @service ORDER BY slot, version DESC
            """);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var heads = new List<ModelBundleHead>();
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(new ModelBundleHead(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return heads;
    }

    public async Task<byte[]> ReadBundleAsync(long version, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT bundle FROM rasa_model_bundles WHERE version = @version AND service_id = @service");
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[]
            ?? throw new InvalidOperationException($"model bundle version {version} is not in the registry any more");
    }

    public async Task<ModelBundleHead> PutAsync(string slot, string fingerprint, string source, byte[] bundle, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO rasa_model_bundles (service_id, slot, fingerprint, source, created_utc, bundle)
            VALUES (@service, @slot, @fingerprint, @source, now(), @bundle) RETURNING version, created_utc
            """, connection, transaction);
        insert.Parameters.AddWithValue("service", serviceId);
        insert.Parameters.AddWithValue("slot", slot);
        insert.Parameters.AddWithValue("fingerprint", fingerprint);
        insert.Parameters.AddWithValue("source", source);
        insert.Parameters.AddWithValue("bundle", bundle);
        long version;
        DateTimeOffset created;
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            version = reader.GetInt64(0);
            created = reader.GetFieldValue<DateTimeOffset>(1);
        }

        // keep the current and the previous version of the slot (a silo may still be fetching the previous one)
        await using var prune = new NpgsqlCommand("""
            DELETE FROM rasa_model_bundles WHERE service_id = @service AND slot = @slot AND version < (
                SELECT min(version) FROM (SELECT version FROM rasa_model_bundles WHERE service_id = @service AND slot = @slot ORDER BY version DESC LIMIT 2) AS newest)
            """, connection, transaction);
        prune.Parameters.AddWithValue("service", serviceId);
        prune.Parameters.AddWithValue("slot", slot);
        await prune.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ModelBundleHead(version, slot, fingerprint, source, created);
    }

    public async Task ReportServingAsync(string silo, IReadOnlyDictionary<string, string> serving, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO rasa_model_serving (service_id, silo, serving, updated_utc) VALUES (@service, @silo, @serving, now())
            ON CONFLICT (service_id, silo) DO UPDATE SET serving = excluded.serving, updated_utc = excluded.updated_utc;
            DELETE FROM rasa_model_serving WHERE service_id = @service AND updated_utc < now() - interval '1 hour';
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("silo", silo);
        command.Parameters.AddWithValue("serving", JsonSerializer.Serialize(serving));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SiloServing>> ServingAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT silo, serving, updated_utc FROM rasa_model_serving WHERE service_id = @service ORDER BY updated_utc DESC");
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var all = new List<SiloServing>();
        while (await reader.ReadAsync(cancellationToken))
        {
            all.Add(new SiloServing(reader.GetString(0), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1)) ?? [],
                reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return all;
    }
}
