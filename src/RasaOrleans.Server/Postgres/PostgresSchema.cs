using Npgsql;

namespace RasaOrleans.Server.Postgres;

/// <summary>
/// The project's PostgreSQL schema for the Orleans ADO.NET providers (<c>k8s/sql/postgresql/*.sql</c>, embedded
/// in this assembly). The scripts are idempotent; <see cref="ApplyAsync"/> runs them all in one transaction
/// under a transaction-scoped advisory lock, so silos starting together apply them one after the other.
/// </summary>
public static class PostgresSchema
{
    /// <summary>
    /// Key of the advisory lock taken while the schema is applied; the Kubernetes schema Job takes the same one.
    /// </summary>
    public const long AdvisoryLockKey = 7_261_736_100_001;

    private const string ResourcePrefix = "RasaOrleans.Sql.PostgreSQL.";

    /// <summary>The scripts in the order they run (file name order): main, clustering, persistence, conversations, models.</summary>
    public static IReadOnlyList<SchemaScript> Scripts { get; } = LoadScripts();

    /// <summary>Applies every script in one transaction; safe to run any number of times, also concurrently.</summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            takeLock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in Scripts)
        {
            await using var command = new NpgsqlCommand(script.Sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static SchemaScript[] LoadScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(name =>
                {
                    using var stream = assembly.GetManifestResourceStream(name)!;
                    using var reader = new StreamReader(stream);
                    return new SchemaScript(name[ResourcePrefix.Length..], reader.ReadToEnd());
                }),
        ];
    }
}
