using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RasaOrleans.Server.Auth;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Tests.Auth;

public sealed class JwtAuthTests(JwtServer factory) : IClassFixture<JwtServer>
{
    /// <summary>Routes that are not a conversation's own: only an admin may call them.</summary>
    public static TheoryData<string, string> AdminRoutes() => new()
    {
        { "GET", "/conversations" },
        { "GET", "/domain" },
        { "POST", "/load" },
        { "GET", "/status" },
        { "GET", "/cluster/models" },
        { "PUT", "/model" },
        { "DELETE", "/model" },
        { "POST", "/model/train" },
        { "POST", "/model/test/intents" },
        { "POST", "/model/test/stories" },
        { "POST", "/parse" },
        { "GET", "/parse?q=hello" },
        { "POST", "/model/parse" },
        { "POST", "/train?name=jwt" },
    };

    /// <summary>A conversation's routes, with <c>{0}</c> for its id.</summary>
    public static TheoryData<string, string> ConversationRoutes() => new()
    {
        { "GET", "/conversations/{0}/tracker" },
        { "POST", "/conversations/{0}/tracker/events" },
        { "POST", "/conversations/{0}/parse" },
        { "POST", "/conversations/{0}/predict" },
        { "POST", "/conversation/{0}/respond" },
        { "GET", "/conversations/{0}/story" },
    };

    [Theory]
    [MemberData(nameof(ConversationRoutes))]
    public async Task User_token_may_use_its_own_conversation(string method, string path)
    {
        var id = RasaClient.NewId("own");
        var (status, body) = await Send(TestJwt.Hs256(TestJwt.Payload(RasaRoles.User, id), JwtServer.Secret), method, string.Format(path, id), Body(path));

        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {status} {body}");
    }

    [Theory]
    [MemberData(nameof(ConversationRoutes))]
    public async Task User_token_is_403_on_another_conversation_and_changes_nothing(string method, string path)
    {
        var mine = RasaClient.NewId("mine");
        var other = RasaClient.NewId("other");
        var (status, body) = await Send(TestJwt.Hs256(TestJwt.Payload(RasaRoles.User, mine), JwtServer.Secret), method, string.Format(path, other), Body(path));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("insufficient permissions", (body!["error"] ?? body["message"])!.GetValue<string>());
        var (_, ids) = await Send(AdminToken(), "GET", "/conversations", null);
        Assert.DoesNotContain(other, ids!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task User_token_is_403_on_routes_that_are_no_conversations(string method, string path)
    {
        var (status, _) = await Send(TestJwt.Hs256(TestJwt.Payload(RasaRoles.User, "alice"), JwtServer.Secret), method, path, "{}");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task No_token_is_401(string method, string path)
    {
        var (status, body) = await Send(null, method, path, "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("Bearer <jwt>", (body!["error"] ?? body["message"])!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/conversations")]
    [InlineData("GET", "/domain")]
    [InlineData("GET", "/status")]
    [InlineData("GET", "/cluster/models")]
    [InlineData("GET", "/parse?q=hello")]
    public async Task Admin_token_may_read_every_route(string method, string path)
    {
        var (status, body) = await Send(AdminToken(), method, path, null);

        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {status} {body}");
    }

    [Theory]
    [MemberData(nameof(ConversationRoutes))]
    public async Task Admin_token_may_use_any_conversation(string method, string path)
    {
        var (status, body) = await Send(AdminToken(), method, string.Format(path, RasaClient.NewId("any")), Body(path));

        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {status} {body}");
    }

    [Fact]
    public async Task Admin_token_may_post_to_the_nlu_routes()
    {
        var (status, body) = await Send(AdminToken(), "POST", "/model/parse", """{"text": "/greet"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("greet", body!["intent"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_with_a_wrong_signature_is_401()
    {
        var (status, body) = await Send(TestJwt.Hs256(TestJwt.Payload(RasaRoles.Admin), "another-secret"), "GET", "/domain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("signature", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_token_is_401()
    {
        var token = TestJwt.Hs256(TestJwt.Payload(RasaRoles.Admin, expires: DateTimeOffset.UtcNow.AddMinutes(-5)), JwtServer.Secret);

        var (status, body) = await Send(token, "GET", "/domain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unsigned_token_alg_none_is_401()
    {
        var (status, _) = await Send(TestJwt.None(TestJwt.Payload(RasaRoles.Admin)), "GET", "/domain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Rs256_token_against_an_hs256_server_is_401()
    {
        using var key = RSA.Create(2048);

        var (status, _) = await Send(TestJwt.Rs256(TestJwt.Payload(RasaRoles.Admin), key), "GET", "/domain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    public async Task Malformed_token_is_401(string token)
    {
        var (status, _) = await Send(token, "GET", "/domain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Token_without_a_role_is_403()
    {
        var (status, _) = await Send(TestJwt.Hs256(new JsonObject { ["sub"] = "x" }, JwtServer.Secret), "GET", "/domain", null);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/version")]
    [InlineData("/health/live")]
    [InlineData("/metrics")]
    [InlineData("/webhooks/rest/")]
    public async Task Open_routes_need_no_token(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Rest_webhook_needs_no_token()
    {
        var (status, body) = await Send(null, "POST", "/webhooks/rest/webhook", $$"""{"sender": "{{RasaClient.NewId()}}", "message": "/greet"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.IsType<JsonArray>(body);
    }

    [Fact]
    public async Task Unknown_route_is_404_without_a_token()
    {
        var (status, _) = await Send(null, "GET", "/no-such-route", null);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Later_routes_answer_401_in_rasa_3_error_shape()
    {
        var (status, body) = await Send(null, "GET", "/conversations/x/story", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("failure", body!["status"]!.GetValue<string>());
        Assert.Equal("NotAuthenticated", body["reason"]!.GetValue<string>());
        Assert.Equal(401, body["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("XS256")]
    [InlineData("none")]
    public void Unknown_jwt_method_stops_the_server_from_starting(string method)
    {
        var e = Assert.Throws<InvalidOperationException>(() => JwtValidator.Create(new RasaOrleansOptions { JwtSecret = "s", JwtMethod = method }));

        Assert.Contains("--jwt-method", e.Message);
    }

    private static string AdminToken() => TestJwt.Hs256(TestJwt.Payload(RasaRoles.Admin, "ops"), JwtServer.Secret);

    private static string? Body(string path) => path.EndsWith("/parse", StringComparison.Ordinal) || path.EndsWith("/respond", StringComparison.Ordinal)
        ? """{"query": "/greet"}"""
        : path.EndsWith("/tracker/events", StringComparison.Ordinal) ? "[]" : path.EndsWith("/predict", StringComparison.Ordinal) ? "{}" : null;

    private async Task<(HttpStatusCode, JsonNode?)> Send(string? token, string method, string path, string? json)
    {
        var http = factory.CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "text/plain");
        }

        // the story route answers YAML text; every other answer here is JSON
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType == "application/json";
        return (response.StatusCode, isJson && text.Length > 0 ? RasaOrleans.Core.Events.JsonText.Read(text) : null);
    }
}
