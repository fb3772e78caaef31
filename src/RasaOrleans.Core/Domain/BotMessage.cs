using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Domain;

/// <summary>
/// One message the bot sends when an utter template is rendered (0.9–0.10 <c>/respond</c>): a text, optionally
/// with buttons, or an image sent as the text <c>Image: &lt;url&gt;</c>.
/// </summary>
public sealed record BotMessage(string RecipientId, string Text, IReadOnlyList<TemplateButton> Buttons, string? Attachment = null) : IBotOutput
{
    /// <summary>The <c>/respond</c> list element: <c>{"recipient_id", "text"}</c>, plus <c>"data"</c> (the buttons) when there are buttons.</summary>
    public JsonObject ToRespondJson()
    {
        var message = new JsonObject { ["recipient_id"] = RecipientId, ["text"] = Text };
        if (Buttons.Count > 0)
        {
            message["data"] = ButtonsJson();
        }

        return message;
    }

    /// <summary>
    /// The message as Rasa's channels send it (the REST channel's list element, Rasa 1.x–3.x):
    /// <c>{"recipient_id", "text"}</c> with <c>"buttons"</c> when it has buttons, or <c>{"recipient_id", "image"}</c>.
    /// </summary>
    public JsonObject ToChannelJson()
    {
        if (Attachment is not null)
        {
            return new JsonObject { ["recipient_id"] = RecipientId, ["image"] = Attachment };
        }

        var message = new JsonObject { ["recipient_id"] = RecipientId, ["text"] = Text };
        if (Buttons.Count > 0)
        {
            message["buttons"] = ButtonsJson();
        }

        return message;
    }

    /// <summary>The <c>text</c> of the <c>bot</c> event logged for this message (null for an image, as Rasa logs it).</summary>
    public string? EventText => Attachment is null ? Text : null;

    /// <summary>The <c>data</c> of the <c>bot</c> event: <c>{"buttons": [...]}</c>, <c>{"attachment": url}</c> or null.</summary>
    public JsonObject? EventData =>
        Attachment is not null ? new JsonObject { ["attachment"] = Attachment }
        : Buttons.Count > 0 ? new JsonObject { ["buttons"] = ButtonsJson() }
        : null;

    private JsonArray ButtonsJson() =>
        new(Buttons.Select(b => (JsonNode?)new JsonObject { ["title"] = b.Title, ["payload"] = b.Payload }).ToArray());
}
