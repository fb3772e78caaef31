using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Server.OpenApi;

/// <summary>
/// Fills the generated OpenAPI document from <see cref="RouteDocs"/>: each controller operation gets its summary,
/// request body and status codes (the controllers read their JSON themselves, so the generator cannot see them),
/// and the endpoints outside MVC (health, metrics) are added as paths.
/// </summary>
public sealed class RouteDocTransformer : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    private const string ErrorSchema = "Error";

    /// <inheritdoc />
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? "").Split('?')[0];
        if (RouteDocs.Find(description.HttpMethod ?? "GET", path) is { } doc)
        {
            Describe(operation, doc);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "RasaOrleans";
        document.Info.Description =
            "Rasa Core 0.10's HTTP API (and Rasa NLU's, and later Rasa's REST channel) on Orleans. Protected routes need " +
            "?token=TOKEN or the header Authorization: Bearer TOKEN when the server runs with --auth_token. Every error is {\"error\": \"...\"}.";
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "error" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["error"] = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        document.Paths ??= [];
        foreach (var doc in RouteDocs.All.Where(d => RouteDocs.OutsideMvc.Contains(d.Path)))
        {
            if (!document.Paths.TryGetValue(doc.Path, out var item))
            {
                item = new OpenApiPathItem();
                document.Paths[doc.Path] = item;
            }

            var operation = new OpenApiOperation { Tags = new HashSet<OpenApiTagReference> { new("Operations", document) } };
            Describe(operation, doc);
            ((OpenApiPathItem)item).AddOperation(new HttpMethod(doc.Method), operation);
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiOperation operation, RouteDoc doc)
    {
        operation.Summary = doc.Summary;
        if (doc.Body is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "JSON, whatever the Content-Type (as Rasa reads it).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema(), Example = JsonText.Read(doc.Body) },
                },
            };
        }

        operation.Responses = [];
        var codes = new SortedDictionary<int, string>(doc.Responses.ToDictionary());
        if (!doc.Anonymous)
        {
            codes.TryAdd(401, "The server has a token and the request did not present it (or presented a wrong one).");
        }

        codes.TryAdd(500, "A bug: the server failed.");
        foreach (var (code, text) in codes)
        {
            var isError = code >= 400;
            operation.Responses[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [isError ? "application/json" : doc.ContentType] = isError
                        ? new OpenApiMediaType { Schema = new OpenApiSchemaReference(ErrorSchema) }
                        : new OpenApiMediaType(),
                },
            };
        }
    }
}
