using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Core.Events;
using RasaOrleans.Server.Channels;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Rasa's callback channel (served when the credentials file has <c>callback: {url}</c>): <c>POST
/// /webhooks/callback/webhook</c> with <c>{"sender", "message"}</c> handles the message like the REST channel, posts
/// each of the bot's messages to the url, and answers <c>success</c>. If the messages cannot be delivered the answer
/// is a 502 naming the problem (the conversation keeps the message and the bot's answer).
/// </summary>
[ApiController]
[AllowAnonymous]
public sealed class CallbackChannelController(IGrainFactory grains, IOptions<RasaOrleansOptions> options, CredentialsFile channels,
    CallbackChannelClient callback) : ControllerBase
{
    [HttpGet("/webhooks/callback/")]
    public IActionResult Health() =>
        channels.CallbackUrl is not null ? Content("""{"status": "ok"}""", JsonError.ContentType) : NotConfigured();

    [HttpPost("/webhooks/callback/webhook")]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        if (channels.CallbackUrl is null)
        {
            return NotConfigured();
        }

        var message = ChannelMessage.Read(await RequestBody.ReadObjectAsync(Request, cancellationToken));
        var reply = await ConversationCalls.CallAsync(HttpContext, grains, options.Value.BotId, message.Sender, conversation => conversation.ReceiveAsync(message.Text, OutputChannel.Callback));
        var answer = JsonText.Read(reply.Json);

        // a failed action still sent the messages before it
        var messages = reply.IsSuccess ? answer as JsonArray : answer["messages"] as JsonArray;
        if (messages is { Count: > 0 } && await callback.SendAsync(messages, cancellationToken) is { } error)
        {
            return JsonError.Result(StatusCodes.Status502BadGateway, "The message was handled, but " + error);
        }

        return reply.IsSuccess ? Content("success", "text/plain") : reply.ToResult();
    }

    private static ContentResult NotConfigured() =>
        JsonError.Result(StatusCodes.Status404NotFound, "The callback channel is not served: the credentials file has no 'callback' with a 'url'.");
}
