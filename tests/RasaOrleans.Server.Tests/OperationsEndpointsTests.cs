using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Server.Tests;

public sealed class OperationsEndpointsTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_endpoint_exposes_orleans_aspnetcore_and_rasa_meters()
    {
        var client = factory.CreateClient();
        factory.Services.GetRequiredService<RasaMetrics>().Turns.Add(1);
        (await client.GetAsync("/version")).Dispose();

        // the Prometheus exporter caches a scrape briefly; wait on the condition, with a deadline
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string text;
        do
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }
        while (!(text.Contains("orleans_", StringComparison.Ordinal)
                 && text.Contains("http_server_request_duration", StringComparison.Ordinal)
                 && text.Contains("rasa_turns", StringComparison.Ordinal))
               && DateTime.UtcNow < deadline);

        Assert.Contains("orleans_", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.Contains("rasa_turns", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turns_are_counted_once_each_by_outcome_and_reads_are_not_turns()
    {
        var client = factory.CreateClient();
        using var recorder = new TurnRecorder(factory.Services);
        var id = "turns-" + Guid.NewGuid().ToString("N");

        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, $"/conversations/{id}/parse", """{"query": "/greet"}"""));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, $"/conversations/{id}/continue", """{"executed_action": "utter_greet", "events": []}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(client, $"/conversations/{id}/continue", """{"executed_action": "no_such_action", "events": []}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(client, $"/conversations/{id}/continue", """{"executed_action": null, "events": [{"event": "no_such_event"}]}"""));
        // sent twice with one key (a client retrying): applied and counted once
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, $"/conversations/{id}/parse", """{"query": "/goodbye"}""", "retry-1"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, $"/conversations/{id}/parse", """{"query": "/goodbye"}""", "retry-1"));
        // reads and predictions are not turns
        (await client.GetAsync($"/conversations/{id}/tracker")).Dispose();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, $"/conversations/{id}/predict", ""));

        Assert.Equal(["parse accepted", "continue accepted", "continue refused", "continue refused", "parse accepted"], recorder.Turns);
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string path, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
