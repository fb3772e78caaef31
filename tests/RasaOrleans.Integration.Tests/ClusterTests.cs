using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using RasaOrleans.Grains.Conversations;

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
    public async Task A_conversation_is_stored_one_row_per_event_and_each_write_inserts_only_its_new_events()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        var run = Guid.NewGuid().ToString("N")[..12];
        var key = $"default/{run}";
        var grainId = $"storageprobe/{key}";

        await using var silo = new ClusterSilo(connectionString, $"it-{run}", $"rasa-it-{run}").Start();
        var probe = silo.Grains.GetGrain<IStorageProbeGrain>(key);
        await probe.AppendAsync("""{"event":"restart"}""");
        await probe.AppendAsync("""{"event":"action","name":"action_listen"}""");
        var firstRows = await EventRowsAsync(connectionString, grainId);
        await probe.AppendAsync("""{"event":"user","text":"hello"}""");

        var rows = await EventRowsAsync(connectionString, grainId);
        Assert.Equal(["""{"event":"restart"}""", """{"event":"action","name":"action_listen"}""", """{"event":"user","text":"hello"}"""], rows.Select(r => r.Event));

        // the third write inserted one row and left the first two as they were (same xmin: not rewritten)
        Assert.Equal(firstRows, rows.Take(2));
        var head = await ScalarAsync(connectionString, "SELECT payload FROM rasa_grain_state WHERE grain_id = @grain", grainId);
        Assert.DoesNotContain("$type", head, StringComparison.Ordinal);
        Assert.DoesNotContain("restart", head, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(head);
        Assert.True(json.RootElement.GetProperty("Exists").GetBoolean());
    }

    [PostgresFact]
    public async Task A_conversation_stored_by_the_earlier_adonet_provider_still_loads_and_moves_on_its_next_write()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        var run = Guid.NewGuid().ToString("N")[..12];
        var key = $"default/{run}";
        string[] old = ["""{"event":"action","name":"action_listen"}""", """{"event":"user","text":"stored long ago"}"""];

        await using var silo = new ClusterSilo(connectionString, $"it-{run}", $"rasa-it-{run}").Start();
        var legacy = silo.Services.GetRequiredKeyedService<IGrainStorage>(RasaOrleans.Server.Hosting.OrleansExtensions.LegacyConversations);
        var legacyState = new GrainState<ConversationState>(new ConversationState { Events = [.. old], Exists = true });
        await legacy.WriteStateAsync("tracker", GrainId.Create("storageprobe", key), legacyState);

        var probe = silo.Grains.GetGrain<IStorageProbeGrain>(key);
        Assert.Equal(old, (await probe.ReadAsync()).Events);
        await probe.AppendAsync("""{"event":"bot","text":"moved"}""");

        var rows = await EventRowsAsync(connectionString, $"storageprobe/{key}");
        Assert.Equal([.. old, """{"event":"bot","text":"moved"}"""], rows.Select(r => r.Event));
    }

    [PostgresFact]
    public async Task A_model_loaded_through_one_silo_is_served_by_every_silo_and_by_one_started_later()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        var run = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId) = ($"it-{run}", $"rasa-it-{run}");
        await using var first = new ClusterSilo(connectionString, clusterId, serviceId).Start();
        await using var second = new ClusterSilo(connectionString, clusterId, serviceId).Start();
        Assert.Contains("utter_greet", await ActionsAsync(second));

        var file = new ByteArrayContent(RasaOrleans.Testing.ModelZip.Of(Path.Combine(RepositoryRoot.Path, "models", "restaurantbot", "model")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var form = new MultipartFormDataContent { { file, "model", "model.zip" } };
        using (var response = await first.CreateClient().PostAsync("/load", form))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains("utter_ask_cuisine", await ActionsAsync(first));
        await Eventually.HoldsAsync(async () => (await ActionsAsync(second)).Contains("utter_ask_cuisine"),
            TimeSpan.FromSeconds(10), "the second silo serves the loaded model");
        var (_, registry) = await GetJsonAsync(second, "/cluster/models");
        var fingerprint = registry["models"]!.AsArray().Single(m => m!["slot"]!.GetValue<string>() == "bot/default")!["fingerprint"]!.GetValue<string>();
        Assert.Equal(fingerprint, registry["this_silo"]!["serving"]!["bot/default"]!.GetValue<string>());

        // a silo started now serves the registry's model from its first request, not its start-up model
        await using var third = new ClusterSilo(connectionString, clusterId, serviceId).Start();
        Assert.Contains("utter_ask_cuisine", await ActionsAsync(third));
    }

    private static async Task<List<string>> ActionsAsync(ClusterSilo silo)
    {
        var (status, domain) = await GetJsonAsync(silo, "/domain");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. domain["actions"]!.AsArray().Select(a => a!.GetValue<string>())];
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetJsonAsync(ClusterSilo silo, string path)
    {
        using var response = await silo.CreateClient().GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task<List<(string Event, string Version)>> EventRowsAsync(string connectionString, string grainId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event, xmin::text FROM rasa_grain_events WHERE grain_id = @grain ORDER BY seq", connection);
        command.Parameters.AddWithValue("grain", grainId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql, string grainId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("grain", grainId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
