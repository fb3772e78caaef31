using Orleans.Runtime;
using RasaOrleans.Grains.Reminders;
using RasaOrleans.Server.Postgres;

namespace RasaOrleans.Integration.Tests;

/// <summary>
/// The reminder tables Orleans reads and writes (the embedded SQLite one and PostgreSQL's): rows by grain, by ring
/// range (wrapping around zero), etags that guard removal, and the service id that scopes everything.
/// </summary>
public sealed class ReminderTableTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasa-orleans-reminders-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Sqlite_table_keeps_reminders_as_orleans_expects() =>
        await CheckAsync(service => new SqliteReminderTable(_folder, service));

    [PostgresFact]
    public async Task Postgres_table_keeps_reminders_as_orleans_expects()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        await PostgresSchema.ApplyAsync(connectionString, CancellationToken.None);
        await CheckAsync(service => new PostgresReminderTable(connectionString, service));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task CheckAsync(Func<string, SqlReminderTable> create)
    {
        var service = "svc-" + Guid.NewGuid().ToString("N");
        var table = create(service);
        var other = create(service + "-other");
        await table.StartAsync();
        await other.StartAsync();

        var a = GrainId.Create("conversation", "default/alice");
        var b = GrainId.Create("conversation", "default/bob");
        var start = new DateTime(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var etag = await table.UpsertRow(new ReminderEntry { GrainId = a, ReminderName = "r1", StartAt = start, Period = TimeSpan.FromMinutes(1) });
        await table.UpsertRow(new ReminderEntry { GrainId = a, ReminderName = "r2", StartAt = start, Period = TimeSpan.FromMinutes(1) });
        await table.UpsertRow(new ReminderEntry { GrainId = b, ReminderName = "r1", StartAt = start, Period = TimeSpan.FromMinutes(1) });

        var row = await table.ReadRow(a, "r1");
        Assert.NotNull(row);
        Assert.Equal(start, row.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(2, (await table.ReadRows(a)).Reminders.Count);
        Assert.Empty((await other.ReadRows(a)).Reminders);

        // the ring: (begin, end], wrapping when begin >= end; every row is in exactly one of two halves
        var hashA = a.GetUniformHashCode();
        Assert.Contains((await table.ReadRows(hashA - 1, hashA)).Reminders, r => r.GrainId == a);
        Assert.DoesNotContain((await table.ReadRows(hashA, hashA + 1 == 0 ? 1 : hashA + 1)).Reminders, r => r.GrainId == a);
        var split = 0x8000_0000u;
        var halves = (await table.ReadRows(0, split)).Reminders.Count + (await table.ReadRows(split, 0)).Reminders.Count;
        Assert.Equal(3, halves);
        Assert.Equal(3, (await table.ReadRows(split, split)).Reminders.Count);

        // an update changes the etag; a removal with the old etag does nothing
        var updated = await table.UpsertRow(new ReminderEntry { GrainId = a, ReminderName = "r1", StartAt = start.AddMinutes(5), Period = TimeSpan.FromMinutes(2) });
        Assert.NotEqual(etag, updated);
        Assert.False(await table.RemoveRow(a, "r1", etag!));
        Assert.True(await table.RemoveRow(a, "r1", updated!));
        Assert.Null(await table.ReadRow(a, "r1"));

        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(b)).Reminders);
    }
}
