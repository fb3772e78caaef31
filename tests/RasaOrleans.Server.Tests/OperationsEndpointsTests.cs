using System.Net;
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
}
