using System.Net;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Server.Tests.LaterApi;

/// <summary><c>GET /conversations/{id}/story</c> on the greetbot.</summary>
public sealed class StoryRouteTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    [Fact]
    public async Task Story_writes_the_conversation_as_a_yaml_story_this_server_reads_back()
    {
        var client = new RasaClient(factory.CreateClient());
        var id = RasaClient.NewId("story");
        await client.PostAsync($"/conversations/{id}/respond", """{"query": "/greet"}""");
        await client.PostAsync($"/conversations/{id}/respond", """{"query": "/mood_great"}""");

        using var response = await factory.CreateClient().GetAsync($"/conversations/{id}/story");
        var yaml = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"story: {id}", yaml);
        Assert.True(yaml.IndexOf("intent: greet", StringComparison.Ordinal) < yaml.IndexOf("action: utter_greet", StringComparison.Ordinal), yaml);
        Assert.True(yaml.IndexOf("action: utter_greet", StringComparison.Ordinal) < yaml.IndexOf("intent: mood_great", StringComparison.Ordinal), yaml);
        Assert.Contains("action: utter_happy", yaml);
        Assert.DoesNotContain("action_listen", yaml);
        Assert.Equal(1, StoryReader.ReadYaml(yaml).BlockCount);
    }

    [Fact]
    public async Task Story_until_a_time_before_the_conversation_has_no_steps()
    {
        var client = new RasaClient(factory.CreateClient());
        var id = RasaClient.NewId("story");
        await client.PostAsync($"/conversations/{id}/respond", """{"query": "/greet"}""");

        using var response = await factory.CreateClient().GetAsync($"/conversations/{id}/story?until=1");
        var yaml = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("greet", yaml);
    }

    [Theory]
    [InlineData("?all_sessions=perhaps")]
    [InlineData("?until=soon")]
    public async Task Story_with_a_bad_parameter_is_400_in_rasa_3_error_shape(string query)
    {
        var (status, body) = await new RasaClient(factory.CreateClient()).GetAsync($"/conversations/{RasaClient.NewId()}/story{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("failure", body!["status"]!.GetValue<string>());
        Assert.Equal(400, body["code"]!.GetValue<int>());
    }
}
