using System.Net;
using System.Text;

namespace RasaOrleans.Server.Tests;

/// <summary>flask-cors semantics (0.9+): listed origins get the header, others are served without it; preflight answered.</summary>
public sealed class CorsTests(CorsServer factory) : IClassFixture<CorsServer>
{
    [Fact]
    public async Task Allowed_origin_gets_access_control_allow_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/conversations/{RasaClient.NewId()}/parse")
        {
            Content = new StringContent("""{"query": "/greet"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", CorsServer.AllowedOrigin);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CorsServer.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Foreign_origin_is_served_without_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_from_an_allowed_origin_is_answered_for_conversation_routes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/conversations/some-id/tracker/events");
        request.Headers.Add("Origin", CorsServer.AllowedOrigin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
        Assert.Equal(CorsServer.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("PUT", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));
    }

    [Fact]
    public async Task Preflight_from_a_foreign_origin_gets_no_allow_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/conversations/some-id/parse");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
