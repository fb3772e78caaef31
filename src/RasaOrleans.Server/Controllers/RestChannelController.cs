using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Rasa's REST channel (Rasa 1.x–3.x, on by default): <c>POST /webhooks/rest/webhook</c> with
/// <c>{"sender", "message", "metadata"?}</c> handles the message end to end on the server and answers the bot's
/// messages as <c>[{"recipient_id", "text", "buttons"?} | {"recipient_id", "image"}]</c>; <c>GET
/// /webhooks/rest/</c> answers <c>{"status": "ok"}</c>. Like Rasa's channels it needs no token.
/// </summary>
[ApiController]
[AllowAnonymous]
public sealed class RestChannelController(IGrainFactory grains, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    /// <summary>The conversation of a message that names no sender, as in Rasa.</summary>
    public const string DefaultSender = "default";

    // routing matches the path with and without its trailing slash
    [HttpGet("/webhooks/rest/")]
    public IActionResult Health() => Content("""{"status": "ok"}""", JsonError.ContentType);

    [HttpPost("/webhooks/rest/webhook")]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        var sender = body["sender"] switch
        {
            null => DefaultSender,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var other => throw RequestRejectedException.BadRequest($"'sender' must be a string, got {RequestBody.Describe(other)}."),
        };
        if (ValidConversationIdAttribute.Problem(sender, "sender") is { } problem)
        {
            throw RequestRejectedException.BadRequest(problem);
        }

        var message = body["message"] is JsonValue m && m.TryGetValue<string>(out var text)
            ? text
            : throw RequestRejectedException.BadRequest($"'message' must be a string, got {RequestBody.Describe(body["message"])}.");
        if (body["metadata"] is not (null or JsonObject))
        {
            throw RequestRejectedException.BadRequest($"'metadata' must be an object, got {RequestBody.Describe(body["metadata"])}.");
        }

        return await ConversationCalls.SendAsync(HttpContext, grains, options.Value.BotId, sender, conversation => conversation.ReceiveAsync(message));
    }
}
