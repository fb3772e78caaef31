using System.Net;
using System.Text.Json;

namespace RasaOrleans.Server.Tests;

public sealed class StatusRoutesTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    [Fact]
    public async Task Root_answers_hello_in_plain_text()
    {
        using var response = await factory.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hello from Rasa Core: 0.10.4", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_answers_json_with_the_rasa_version()
    {
        using var response = await factory.CreateClient().GetAsync("/version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("0.10.4", body.RootElement.GetProperty("version").GetString());
        Assert.Single(body.RootElement.EnumerateObject());
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        using var response = await factory.CreateClient().GetAsync("/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
