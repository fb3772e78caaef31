using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

public sealed class TokenAuthTests(TokenServer factory) : IClassFixture<TokenServer>
{
    public static TheoryData<string, string> ProtectedRoutes() => new()
    {
        { "POST", "/conversations/auth-{0}/parse" },
        { "GET", "/conversations/auth-{0}/parse?q=%2Fgreet" },
        { "POST", "/conversations/auth-{0}/continue" },
        { "GET", "/conversations/auth-{0}/tracker" },
        { "PUT", "/conversations/auth-{0}/tracker" },
        { "POST", "/conversations/auth-{0}/tracker/events" },
        { "PUT", "/conversations/auth-{0}/tracker/events" },
        { "POST", "/conversations/auth-{0}/respond" },
        { "POST", "/conversations/auth-{0}/predict" },
        { "GET", "/conversations" },
        { "GET", "/domain" },
        { "POST", "/load" },
        { "POST", "/parse" },
        { "GET", "/parse?q=hello" },
        { "POST", "/model/parse" },
        { "POST", "/train?name=auth-{0}" },
        { "GET", "/status" },
        { "GET", "/conversations/recent" },
        { "GET", "/cluster/models" },
        { "GET", "/inspect/" },
        { "GET", "/inspect/conversations/auth-{0}" },
        { "GET", "/inspect/assets/inspector.js" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Protected_route_without_token_is_401_with_a_json_error(string method, string path)
    {
        var (status, body) = await new RasaClient(factory.CreateClient()).SendAsync(new HttpMethod(method), string.Format(path, Guid.NewGuid()), "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("token", body!["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("?token=wrong")]
    [InlineData("?token=")]
    [InlineData("?token=S3CRET-TOKEN")]
    public async Task Wrong_token_is_401_and_changes_nothing(string query)
    {
        var client = new RasaClient(factory.CreateClient());
        var id = RasaClient.NewId();

        var (status, body) = await client.PostAsync($"/conversations/{id}/parse{query}", """{"query": "/greet"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("not valid", body!["error"]!.GetValue<string>());
        var (_, ids) = await client.GetAsync($"/conversations?token={TokenServer.Token}");
        Assert.DoesNotContain(id, ids!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Token_in_the_query_string_is_accepted()
    {
        var client = new RasaClient(factory.CreateClient());
        var (status, body) = await client.PostAsync($"/conversations/{RasaClient.NewId()}/parse?token={TokenServer.Token}", """{"query": "/greet"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("utter_greet", body!["next_action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bearer_token_is_accepted()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenServer.Token);

        var (status, body) = await new RasaClient(http).GetAsync($"/conversations/{RasaClient.NewId()}/tracker");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.IsType<JsonArray>(body!["events"], exactMatch: false);
    }

    [Fact]
    public async Task Wrong_bearer_token_is_401()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "nope");

        var (status, _) = await new RasaClient(http).GetAsync("/domain");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/version")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task Open_routes_need_no_token(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
