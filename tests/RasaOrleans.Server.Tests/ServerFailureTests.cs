using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

public sealed class ServerFailureTests(FailingRouteServer factory) : IClassFixture<FailingRouteServer>
{
    [Fact]
    public async Task Unhandled_exception_is_500_with_rasas_wording_and_no_internal_details()
    {
        using var response = await factory.CreateClient().GetAsync("/test/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var error = body["error"]!.GetValue<string>();
        Assert.StartsWith("Server failure. Error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("simulated bug", error, StringComparison.Ordinal);
        Assert.Contains("request ", error, StringComparison.Ordinal);
    }
}
