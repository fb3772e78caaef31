using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

public sealed class ServerFailureTests(FailingRouteServer factory) : IClassFixture<FailingRouteServer>
{
    [Fact]
    public async Task Unhandled_exception_is_500_with_rasas_server_failure_message()
    {
        using var response = await factory.CreateClient().GetAsync("/test/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Server failure. Error: simulated bug", body["error"]!.GetValue<string>());
    }
}
