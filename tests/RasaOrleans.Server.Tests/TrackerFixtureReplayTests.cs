using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

/// <summary>The upstream tracker fixture, replayed through PUT and read back (greetbot also has a <c>name</c> slot).</summary>
public sealed class TrackerFixtureReplayTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    [SharedFact]
    public async Task Upstream_moodbot_tracker_put_then_get_gives_back_what_was_put()
    {
        var client = new RasaClient(factory.CreateClient());
        var fixture = JsonNode.Parse(await File.ReadAllTextAsync(SharedFixtures.RasaCorePath("test_fixtures/v0.9.3/test_trackers/tracker_moodbot.json")))!;
        var id = RasaClient.NewId();

        var (status, put) = await client.PutAsync($"/conversations/{id}/tracker", fixture["events"]!.ToJsonString());
        var got = await client.TrackerAsync(id);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(put!.ToJsonString(), got.ToJsonString());
        var expected = fixture.DeepClone().AsObject();
        expected["sender_id"] = id;
        JsonAssert.Equivalent(expected, got);
    }
}
