using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Reads request bodies as Rasa does (§3.1): JSON regardless of <c>Content-Type</c>, UTF-8, with a size limit
/// enforced here (so it holds under any server, including the test server).
/// </summary>
public static class RequestBody
{
    /// <summary>Largest body the conversation routes accept: 1 MiB.</summary>
    public const long MaxConversationBodyBytes = 1024 * 1024;

    /// <summary>
    /// Largest event list the tracker routes accept (replace, append): 64 MiB, room for conversations of tens
    /// of thousands of events, which Rasa users do have.
    /// </summary>
    public const long MaxTrackerBodyBytes = 64L * 1024 * 1024;

    /// <summary>The body as text; 413 when larger than <paramref name="limit"/>.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken, long limit = MaxConversationBodyBytes)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw RequestRejectedException.BadRequest("The request body is not valid UTF-8 text.");
        }
    }

    /// <summary>The body as JSON; 400 when it is empty or not valid JSON.</summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw RequestRejectedException.BadRequest("The request body is empty; expected JSON.");
        }

        try
        {
            return StrictJson.Parse(text);
        }
        catch (RasaFormatException e)
        {
            throw RequestRejectedException.BadRequest($"Invalid request body: {e.Problem}.");
        }
    }

    /// <summary>The body as a JSON object; 400 for anything else.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadJsonAsync(request, cancellationToken) as JsonObject
        ?? throw RequestRejectedException.BadRequest("The request body must be a JSON object.");

    private static RequestRejectedException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit of {limit} bytes.");

    /// <summary>How a JSON value is described in error messages ("a number", "null", …).</summary>
    public static string Describe(JsonNode? node) => EventJson.Describe(node);
}
