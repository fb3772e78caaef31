using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Server.Channels;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Rasa's REST channel (Rasa 1.x–3.x; served without a credentials file, and with one that lists <c>rest:</c>):
/// <c>POST /webhooks/rest/webhook</c> with <c>{"sender", "message", "metadata"?}</c> handles the message end to end
/// on the server (templates, default actions, custom actions on the action server) and answers the bot's messages
/// as <c>[{"recipient_id", "text", "buttons"?, "image"?, "custom"?…}]</c>; <c>GET /webhooks/rest/</c> answers
/// <c>{"status": "ok"}</c>. Like Rasa's channels it needs no token.
/// </summary>
[ApiController]
[AllowAnonymous]
public sealed class RestChannelController(IGrainFactory grains, IOptions<RasaOrleansOptions> options, CredentialsFile channels) : ControllerBase
{
    // routing matches the path with and without its trailing slash
    [HttpGet("/webhooks/rest/")]
    public IActionResult Health() =>
        channels.Rest ? Content("""{"status": "ok"}""", JsonError.ContentType) : NotConfigured();

    [HttpPost("/webhooks/rest/webhook")]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        if (!channels.Rest)
        {
            return NotConfigured();
        }

        var message = ChannelMessage.Read(await RequestBody.ReadObjectAsync(Request, cancellationToken));
        return await ConversationCalls.SendAsync(HttpContext, grains, options.Value.BotId, message.Sender, conversation => conversation.ReceiveAsync(message.Text, OutputChannel.None));
    }

    private static ContentResult NotConfigured() =>
        JsonError.Result(StatusCodes.Status404NotFound, "The REST channel is not served: the credentials file does not list 'rest'.");
}
