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

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The body as text; 413 when larger than <paramref name="limit"/>.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken, long limit = MaxConversationBodyBytes)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // one pooled buffer, sized by Content-Length when the client sent one: a turn's body is read without garbage
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Clamp(request.ContentLength ?? 4096, 256, Math.Min(limit, 1024 * 1024) + 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    throw TooLarge(limit);
                }
            }

            return length == 0 ? "" : StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw RequestRejectedException.BadRequest("The request body is not valid UTF-8 text.");
        }
        finally
        {
            pool.Return(buffer);
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
