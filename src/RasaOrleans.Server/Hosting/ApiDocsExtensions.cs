using RasaOrleans.Server.OpenApi;
using Scalar.AspNetCore;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// The API's OpenAPI description at <c>/openapi/v1.json</c> (ASP.NET Core's generator, completed from
/// <see cref="RouteDocs"/>) and a browsable page at <c>/scalar/v1</c> (Scalar, whose script ships inside its
/// package: nothing is fetched from elsewhere). Both are open: they describe the API and hold no data.
/// </summary>
public static class ApiDocsExtensions
{
    /// <summary>The OpenAPI document's route.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The API page's route.</summary>
    public const string PagePath = "/scalar/v1";

    /// <summary>Registers the document generator.</summary>
    public static IServiceCollection AddRasaApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(openApi =>
        {
            openApi.AddOperationTransformer<RouteDocTransformer>();
            openApi.AddDocumentTransformer<RouteDocTransformer>();
        });

    /// <summary>Maps the document and the page.</summary>
    public static IEndpointRouteBuilder MapRasaApiDocs(this IEndpointRouteBuilder endpoints)
    {
        // the description of the API holds no data: open, like Rasa's published spec
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference(page => page.WithTitle("RasaOrleans API").DisableDefaultFonts()).AllowAnonymous();
        return endpoints;
    }
}
