using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Domain;

/// <summary>
/// A message from an action server's <c>responses</c> (Rasa's custom action protocol): <c>text</c>, <c>buttons</c>,
/// <c>image</c>, <c>attachment</c>, <c>elements</c>, <c>quick_replies</c>, <c>custom</c>, sent to the channel as given;
/// a response naming a template (<c>response</c>, or <c>template</c> in older SDKs) is rendered from the domain first,
/// and the fields it gives besides override the template's (as Rasa does).
/// </summary>
public sealed class ActionServerMessage : IBotOutput
{
    /// <summary>The fields a channel message may carry besides <c>text</c>, as Rasa's bot event stores them in <c>data</c>.</summary>
    public static readonly string[] DataFields = ["elements", "quick_replies", "buttons", "attachment", "image", "custom"];

    private readonly string _recipientId;
    private readonly JsonObject _fields;

    private ActionServerMessage(string recipientId, JsonObject fields)
    {
        _recipientId = recipientId;
        _fields = fields;
    }

    /// <summary>
    /// The messages one response produces. A template is filled from the slots and the response's other fields (as
    /// Rasa passes them to the template as variables); its buttons are extended by the response's, and the response's
    /// non-empty channel fields override the template's. Only <c>text</c> and the <see cref="DataFields"/> are sent.
    /// </summary>
    public static IReadOnlyList<IBotOutput> From(JsonObject response, string recipientId, TemplateRenderer renderer,
        IReadOnlyDictionary<string, JsonNode?> slots)
    {
        var templateName = (response["response"] ?? response["template"]) is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
        var given = new JsonObject();
        foreach (var (key, value) in response)
        {
            // empty values do not override what a template gave (Rasa drops falsy values)
            if ((key == "text" || DataFields.Contains(key)) && !IsEmpty(value))
            {
                given[key] = value?.DeepClone();
            }
        }

        if (templateName is null)
        {
            return [new ActionServerMessage(recipientId, given)];
        }

        var variables = new Dictionary<string, JsonNode?>(slots);
        foreach (var (key, value) in response)
        {
            if (key is not ("response" or "template") && value is not null)
            {
                variables[key] = value;
            }
        }

        var rendered = renderer.Render(templateName, variables, recipientId);
        if (given.Count == 0)
        {
            return rendered;
        }

        // the template's first message takes the response's own fields
        var first = rendered.Count > 0 ? rendered[0].ToChannelJson() : new JsonObject();
        first.Remove("recipient_id");
        foreach (var (key, value) in given)
        {
            if (key == "buttons" && first["buttons"] is JsonArray buttons && value is JsonArray more)
            {
                foreach (var button in more)
                {
                    buttons.Add(button?.DeepClone());
                }
            }
            else
            {
                first[key] = value?.DeepClone();
            }
        }

        return [new ActionServerMessage(recipientId, first), .. rendered.Skip(1)];
    }

    public string? EventText => _fields["text"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    public JsonObject? EventData
    {
        get
        {
            var data = new JsonObject();
            foreach (var name in DataFields)
            {
                if (_fields[name] is { } value)
                {
                    data[name] = value.DeepClone();
                }
            }

            return data.Count > 0 ? data : null;
        }
    }

    public JsonObject ToChannelJson()
    {
        var message = new JsonObject { ["recipient_id"] = _recipientId };
        foreach (var (key, value) in _fields)
        {
            message[key] = value?.DeepClone();
        }

        return message;
    }

    // 0.10's respond shape names the buttons `data`
    public JsonObject ToRespondJson()
    {
        var message = ToChannelJson();
        if (message["buttons"] is { } buttons)
        {
            message.Remove("buttons");
            message["data"] = buttons;
        }

        return message;
    }

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue s when s.TryGetValue<string>(out var text) => text.Length == 0,
        _ => false,
    };
}
