using System.Net;

namespace RasaOrleans.Server.Tests.Inspector;

/// <summary>The inspector's page and the newest-first listing over HTTP (no browser).</summary>
public sealed class InspectorRoutesTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    private readonly RasaClient _client = new(factory.CreateClient());

    [Theory]
    [InlineData("/inspect")]
    [InlineData("/inspect/")]
    [InlineData("/inspect/conversations/some-id")]
    public async Task Every_inspector_route_serves_the_page_from_the_server_itself(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("""<script src="/inspect/assets/inspector.js"></script>""", html, StringComparison.Ordinal);
        Assert.DoesNotContain("://", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inspector.js", "text/javascript")]
    [InlineData("inspector.css", "text/css")]
    public async Task The_page_files_are_served(string file, string type)
    {
        using var response = await factory.CreateClient().GetAsync($"/inspect/assets/{file}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 1000);
        Assert.DoesNotContain("://", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_inspector_file_is_404_with_a_json_error()
    {
        var (status, body) = await _client.GetAsync("/inspect/assets/nothing.js");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("nothing.js", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recent_conversations_come_newest_first_with_their_update_time_and_event_count_and_page_on()
    {
        var tag = Guid.NewGuid().ToString("N");
        string[] ids = [$"r-{tag}-1", $"r-{tag}-2", $"r-{tag}-3"];
        foreach (var id in ids)
        {
            await _client.PostAsync($"/conversations/{id}/respond", """{"query": "hello"}""");
        }

        await _client.PostAsync($"/conversations/{ids[0]}/respond", """{"query": "/goodbye"}""");

        var (status, page) = await _client.GetAsync($"/conversations/recent?search={tag}&limit=2");
        var (_, rest) = await _client.GetAsync($"/conversations/recent?search={tag}&limit=2&after={Uri.EscapeDataString(page!["next"]!.GetValue<string>())}");

        Assert.Equal(HttpStatusCode.OK, status);
        var first = page["conversations"]!.AsArray();
        Assert.Equal([ids[0], ids[2]], first.Select(c => c!["sender_id"]!.GetValue<string>()));
        Assert.True(first[0]!["events"]!.GetValue<long>() > first[1]!["events"]!.GetValue<long>());
        Assert.True(DateTime.Parse(first[0]!["updated"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTime.Parse(first[1]!["updated"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([ids[1]], rest!["conversations"]!.AsArray().Select(c => c!["sender_id"]!.GetValue<string>()));
        Assert.Null(rest["next"]);
    }

    [Theory]
    [InlineData("limit=0", "'limit'")]
    [InlineData("limit=1001", "'limit'")]
    [InlineData("limit=x", "'limit'")]
    [InlineData("after=nonsense", "'after'")]
    [InlineData("after=12x.id", "'after'")]
    public async Task Bad_recent_conversation_parameters_are_400(string query, string named)
    {
        var (status, body) = await _client.GetAsync($"/conversations/recent?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, body!["error"]!.GetValue<string>());
    }
}
