using System.Net;

namespace RasaOrleans.Server.Tests;

/// <summary>The Orleans Dashboard: off by default, at its configured path behind the API's token when enabled.</summary>
public sealed class DashboardTests
{
    private static async Task<HttpStatusCode> StatusAsync(RasaServerFactory server, string path)
    {
        using var response = await server.CreateClient().GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task Disabled_by_default_the_dashboard_is_404()
    {
        await using var server = RasaServerFactory.WithSettings(new Dictionary<string, string?>());

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(server, "/dashboard/"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(server, "/dashboard/ClusterStats"));
    }

    [Fact]
    public async Task Enabled_with_a_token_the_dashboard_needs_it_and_a_page_opened_with_it_keeps_it_in_a_cookie()
    {
        await using var server = RasaServerFactory.WithSettings(new Dictionary<string, string?>
        {
            ["RasaOrleans:Dashboard:Enabled"] = "true",
            ["RasaOrleans:Dashboard:Path"] = "/ops/orleans",
            ["RasaOrleans:AuthToken"] = "dash-s3cret",
        });
        var anonymous = server.CreateClient();

        using var refused = await anonymous.GetAsync("/ops/orleans/");
        using var wrong = await anonymous.GetAsync("/ops/orleans/ClusterStats?token=nope");
        using var page = await anonymous.GetAsync("/ops/orleans/?token=dash-s3cret");
        using var stats = await anonymous.GetAsync("/ops/orleans/ClusterStats?token=dash-s3cret");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("token", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("index.min.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        Assert.Contains("path=/ops/orleans", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        // the page's own requests carry the cookie, not the token
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/orleans/ClusterStats");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var withCookie = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(server, "/dashboard/"));
    }

    [Fact]
    public async Task Enabled_without_a_token_the_dashboard_is_served()
    {
        await using var server = RasaServerFactory.WithSettings(new Dictionary<string, string?> { ["RasaOrleans:Dashboard:Enabled"] = "true" });

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, "/dashboard/"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, "/dashboard/ClusterStats"));
    }
}
