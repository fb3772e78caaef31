namespace RasaOrleans.Server.OpenApi;

/// <summary>
/// What the OpenAPI document says about one route: a summary, the request body (an example; <c>null</c> when
/// the route takes none) and every status code it answers besides the common ones (401 and 500, added to all).
/// </summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The route as OpenAPI writes it, e.g. <c>/conversations/{id}/parse</c>.</param>
/// <param name="Summary">One line for the API page.</param>
/// <param name="Responses">Status code → what it means; 2xx bodies are JSON unless <paramref name="ContentType"/> says otherwise.</param>
/// <param name="Body">An example request body (JSON text), or null.</param>
/// <param name="ContentType">The success body's media type.</param>
/// <param name="Anonymous">True when the route needs no token.</param>
public sealed record RouteDoc(
    string Method,
    string Path,
    string Summary,
    IReadOnlyDictionary<int, string> Responses,
    string? Body = null,
    string ContentType = "application/json",
    bool Anonymous = false);
