using System.Text.Json.Nodes;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Channels;

/// <summary>A message posted to a channel webhook: <c>{"sender", "message", "metadata"?}</c>, as Rasa's REST and callback channels read it.</summary>
public sealed record ChannelMessage(string Sender, string Text)
{
    /// <summary>The conversation of a message that names no sender, as in Rasa.</summary>
    public const string DefaultSender = "default";

    /// <summary>Reads and checks the body; a mistake is a 400 naming it.</summary>
    public static ChannelMessage Read(JsonObject body)
    {
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

        var text = body["message"] is JsonValue m && m.TryGetValue<string>(out var given)
            ? given
            : throw RequestRejectedException.BadRequest($"'message' must be a string, got {RequestBody.Describe(body["message"])}.");
        if (body["metadata"] is not (null or JsonObject))
        {
            throw RequestRejectedException.BadRequest($"'metadata' must be an object, got {RequestBody.Describe(body["metadata"])}.");
        }

        return new ChannelMessage(sender, text);
    }
}
