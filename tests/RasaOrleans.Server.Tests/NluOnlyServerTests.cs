using System.Net;

namespace RasaOrleans.Server.Tests;

public sealed class NluOnlyServerTests(NluOnlyServer factory) : IClassFixture<NluOnlyServer>
{
    private readonly RasaClient _client = new(factory.CreateClient());

    [Fact]
    public async Task Run_with_only_an_nlu_model_serves_the_nlu_routes()
    {
        var (status, parsed) = await _client.PostAsync("/parse", """{"q": "thank you very much"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("thank", parsed!["intent"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/model/parse", """{"text": "hi"}""")).Status);
    }

    [Fact]
    public async Task Run_with_only_an_nlu_model_answers_conversation_routes_503()
    {
        using var recorder = new TurnRecorder(factory.Services);
        var (status, _) = await _client.PostAsync($"/conversations/{RasaClient.NewId()}/parse", """{"query": "hello"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        // no model, no turn handled: the dashboards count it as failed, not as accepted
        Assert.Equal(["parse failed"], recorder.Turns);
    }
}
