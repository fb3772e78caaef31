using Npgsql;
using RasaOrleans.Server.Postgres;

namespace RasaOrleans.Integration.Tests;

/// <summary>The project's PostgreSQL schema scripts against a real server.</summary>
public sealed class SchemaTests
{
    // every key the 10.4.2 clustering and persistence providers look up
    private static readonly string[] RequiredQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [PostgresFact]
    public async Task Applying_the_schema_again_and_concurrently_is_harmless()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        await PostgresSchema.ApplyAsync(connectionString, CancellationToken.None);
        await PostgresSchema.ApplyAsync(connectionString, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresSchema.ApplyAsync(connectionString, CancellationToken.None)));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var keys = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(RequiredQueryKeys.Order(), keys.Order());
    }

    [Fact]
    public void The_server_embeds_every_script_in_order()
    {
        var names = PostgresSchema.Scripts.Select(s => s.Name).ToArray();
        Assert.Equal(["01-main.sql", "02-clustering.sql", "03-persistence.sql", "04-conversations.sql", "05-models.sql", "06-reminders.sql"], names);
        var onDisk = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "k8s", "sql", "postgresql"), "*.sql")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, names);
    }
}
