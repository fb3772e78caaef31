using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

public sealed class DomainRouteTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("text/html, application/json;q=0.9")]
    public async Task Domain_is_json_for_json_any_or_no_accept(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/domain");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var domain = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("utter_greet", domain["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("rasa_core.slots.TextSlot", domain["slots"]!["name"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/x-yml")]
    [InlineData("application/yaml")]
    public async Task Domain_is_yaml_for_a_yml_accept(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/domain");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-yml", response.Content.Headers.ContentType?.MediaType);
        var yaml = await response.Content.ReadAsStringAsync();
        Assert.Contains("utter_greet", yaml);
        Assert.Contains("store_entities_as_slots: true", yaml);
    }

    [Fact]
    public async Task Domain_with_an_unsupported_accept_is_406_with_a_json_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/domain");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("Accept", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }
}
