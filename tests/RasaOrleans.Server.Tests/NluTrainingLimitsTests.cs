using System.Net;

namespace RasaOrleans.Server.Tests;

public sealed class NluTrainingLimitsTests
{
    private const string Data = """
        {"rasa_nlu_data": {"common_examples": [
          {"text": "hello", "intent": "greet"}, {"text": "hi there", "intent": "greet"},
          {"text": "bye", "intent": "goodbye"}, {"text": "see you", "intent": "goodbye"}]}}
        """;

    [Fact]
    public async Task A_training_beyond_the_limit_is_503_with_retry_after_while_status_shows_the_running_job()
    {
        await using var server = GatedTrainingServer.Create();
        var client = new RasaClient(server.CreateClient());

        var first = client.PostAsync("/train?name=first", Data);
        await server.Trainer.Entered;

        var (statusCode, status) = await client.GetAsync("/status");
        Assert.Equal(HttpStatusCode.OK, statusCode);
        var job = Assert.Single(status!["training_jobs"]!.AsArray());
        Assert.Equal("first", job!["name"]!.GetValue<string>());
        Assert.Equal("training", job["status"]!.GetValue<string>());
        Assert.Equal("training", status["available_projects"]!["default"]!["status"]!.GetValue<string>());

        using var refused = await client.Http.PostAsync("/train?name=second", new StringContent(Data));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("limit", await refused.Content.ReadAsStringAsync());

        server.Trainer.Open();
        var (firstStatus, trained) = await first;
        Assert.True(firstStatus == HttpStatusCode.OK, $"{firstStatus} {trained}");
        var (_, parsed) = await client.PostAsync("/parse", """{"q": "see you", "model": "first"}""");
        Assert.Equal("goodbye", parsed!["intent"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/parse", """{"q": "hi", "model": "second"}""")).Status);
    }

    [Fact]
    public async Task A_training_past_the_time_limit_is_504_and_registers_nothing()
    {
        await using var server = GatedTrainingServer.Create(timeout: "00:00:00.200");
        var client = new RasaClient(server.CreateClient());

        var (status, body) = await client.PostAsync("/train?name=slow", Data);

        Assert.True(status == HttpStatusCode.GatewayTimeout, $"{status} {body}");
        Assert.Contains("limit", body!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/parse", """{"q": "hi", "model": "slow"}""")).Status);
    }
}
