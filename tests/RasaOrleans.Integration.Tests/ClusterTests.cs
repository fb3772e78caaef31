using System.Text.Json;

namespace RasaOrleans.Integration.Tests;

/// <summary>Two co-hosted silos on one PostgreSQL: membership, shared grain state, a silo leaving.</summary>
public sealed class ClusterTests
{
    private static readonly TimeSpan MembershipTimeout = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task State_written_through_one_silo_is_read_through_the_other_after_the_first_stops()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        var run = Guid.NewGuid().ToString("N")[..12];
        var clusterId = $"it-{run}";
        var serviceId = $"rasa-it-{run}";
        var table = new MembershipTable(connectionString);

        await using var first = new ClusterSilo(connectionString, clusterId, serviceId).Start();
        await using var second = new ClusterSilo(connectionString, clusterId, serviceId).Start();
        await Eventually.HoldsAsync(async () => await table.CountAsync(clusterId, MembershipTable.Active) == 2,
            MembershipTimeout, "both silos Active in the membership table");

        var key = $"default/{run}";
        string[] events = ["""{"event":"action","name":"action_listen"}""", """{"event":"user","text":"hello"}"""];
        var throughFirst = first.Grains.GetGrain<IStorageProbeGrain>(key);
        foreach (var e in events)
        {
            await throughFirst.AppendAsync(e);
        }

        var written = await throughFirst.ReadAsync();
        var firstAddress = first.Address;
        Assert.Equal(firstAddress.ToString(), written.Silo);
        Assert.Equal(events, written.Events);

        await first.DisposeAsync();
        await Eventually.HoldsAsync(async () => await table.StatusOfAsync(clusterId, firstAddress) == MembershipTable.Dead,
            MembershipTimeout, "the stopped silo Dead in the membership table");

        var read = await second.Grains.GetGrain<IStorageProbeGrain>(key).ReadAsync();
        Assert.Equal(second.Address.ToString(), read.Silo);
        Assert.Equal(events, read.Events);
        Assert.Equal(written.Etag, read.Etag);
    }

    [PostgresFact]
    public async Task Stored_state_is_json_without_clr_type_names()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        var run = Guid.NewGuid().ToString("N")[..12];
        var serviceId = $"rasa-it-{run}";
        var key = $"default/{run}";

        await using (var silo = new ClusterSilo(connectionString, $"it-{run}", serviceId).Start())
        {
            await silo.Grains.GetGrain<IStorageProbeGrain>(key).AppendAsync("""{"event":"restart"}""");
        }

        var payload = await new MembershipTable(connectionString).PayloadAsync(serviceId, key);
        Assert.NotNull(payload);
        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("RasaOrleans.", payload, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(payload);
        Assert.Equal("""{"event":"restart"}""", json.RootElement.GetProperty("events")[0].GetString());
        Assert.True(json.RootElement.GetProperty("exists").GetBoolean());
    }
}
