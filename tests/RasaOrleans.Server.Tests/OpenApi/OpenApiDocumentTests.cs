using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RasaOrleans.Server.OpenApi;

namespace RasaOrleans.Server.Tests.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c> describes every route the app maps: compared with the app's own endpoints at run time,
/// so a route added later without a description fails here.
/// </summary>
public sealed class OpenApiDocumentTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    // pages for people, not API: the document itself, the API page, the inspector
    private static readonly string[] s_notApi = ["/openapi/", "/scalar", "/inspect"];

    private async Task<JsonObject> DocumentAsync()
    {
        var (status, body) = await new RasaClient(factory.CreateClient()).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!.AsObject();
    }

    /// <summary>Every (method, route) the app maps, as OpenAPI writes routes.</summary>
    private List<(string Method, string Path)> MappedRoutes()
    {
        var routes = new List<(string, string)>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                _ => part.ToString(),
            }))));
            if (s_notApi.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            routes.AddRange(methods.Select(m => (m, path)));
        }

        return routes;
    }

    [Fact]
    public async Task The_document_lists_every_mapped_route_and_method()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var routes = MappedRoutes();

        Assert.True(routes.Count > 30, $"only {routes.Count} routes found: the endpoint enumeration is broken");
        var missing = routes.Where(r => paths[r.Path]?[r.Method.ToLowerInvariant()] is null).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join(", ", missing));
        Assert.Contains(("GET", "/health/ready"), routes);
        Assert.Contains(("POST", "/conversations/{id}/parse"), routes);
    }

    [Fact]
    public async Task Every_operation_has_a_summary_its_status_codes_and_its_request_body()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        foreach (var (path, item) in paths)
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                var doc = RouteDocs.Find(method.ToUpperInvariant(), path);
                Assert.True(doc is not null, $"{name} has no description in RouteDocs");
                var operation = node!.AsObject();
                Assert.Equal(doc.Summary, operation["summary"]?.GetValue<string>());
                var codes = operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Contains(codes, c => c is >= 200 and < 300);
                Assert.Contains(500, codes);
                Assert.Equal(!doc.Anonymous, codes.Contains(401));
                Assert.Equal(doc.Body is not null, operation["requestBody"] is not null);
            }
        }
    }

    [Fact]
    public async Task Error_responses_have_the_error_body_shape()
    {
        var document = await DocumentAsync();
        var parse = document["paths"]!["/conversations/{id}/parse"]!["post"]!;

        var schema = parse["responses"]!["400"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        Assert.Equal("#/components/schemas/Error", schema);
        Assert.Equal("string", document["components"]!["schemas"]!["Error"]!["properties"]!["error"]!["type"]!.GetValue<string>());
        Assert.Equal("hello", parse["requestBody"]!["content"]!["application/json"]!["example"]!["query"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_api_page_is_served_from_the_server_with_no_script_from_elsewhere()
    {
        using var response = await factory.CreateClient().GetAsync("/scalar/v1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script[^>]+src=\"https?://", html);
        Assert.DoesNotMatch("<link[^>]+href=\"https?://", html);
    }
}
