using System.Text.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Domain;

/// <summary>
/// One variation of an utter template. A variation written as a plain string is held as <c>{"text": ...}</c>,
/// as Rasa does; a map keeps every key it was written with (<c>buttons</c>, <c>image</c>, <c>elements</c>,
/// <c>custom</c>, …) so nothing is lost when the domain is persisted or served.
/// </summary>
public sealed class TemplateVariation
{
    private readonly JsonObject _raw;

    private TemplateVariation(JsonObject raw, string text, IReadOnlyList<TemplateButton> buttons, string? image)
    {
        _raw = raw;
        Text = text;
        Buttons = buttons;
        Image = image;
    }

    /// <summary>The text, with <c>{slot}</c> placeholders unfilled.</summary>
    public string Text { get; }

    public IReadOnlyList<TemplateButton> Buttons { get; }

    /// <summary>Image URL, if any.</summary>
    public string? Image { get; }

    /// <summary>The <c>elements</c> list (custom payload), if any; a copy.</summary>
    public JsonArray? Elements => _raw["elements"]?.DeepClone() as JsonArray;

    public static TemplateVariation FromText(string text) => new(new JsonObject { ["text"] = text }, text, [], null);

    /// <summary>Reads a variation map; a mistake (no <c>text</c>, malformed buttons) is a
    /// <see cref="RasaFormatException"/> without location.</summary>
    public static TemplateVariation FromJson(string templateName, JsonObject raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw["text"] is not JsonValue textValue || textValue.GetValueKind() != JsonValueKind.String)
        {
            throw new RasaFormatException(
                $"utter template '{templateName}' has a variation without a 'text' string; write it as '- text: ...'");
        }

        var buttons = new List<TemplateButton>();
        switch (raw["buttons"])
        {
            case null:
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not JsonObject button || button["title"] is null || button["payload"] is null)
                    {
                        throw new RasaFormatException(
                            $"utter template '{templateName}': every button needs a 'title' and a 'payload'");
                    }

                    buttons.Add(new TemplateButton(PythonValue.Str(button["title"]), PythonValue.Str(button["payload"])));
                }

                break;
            default:
                throw new RasaFormatException($"utter template '{templateName}': 'buttons' must be a list");
        }

        var image = raw["image"] is { } imageNode ? PythonValue.Str(imageNode) : null;
        return new TemplateVariation((JsonObject)raw.DeepClone(), textValue.GetValue<string>(), buttons, image);
    }

    /// <summary>The variation as a map (list-of-dicts form); a copy.</summary>
    public JsonObject ToJson() => (JsonObject)_raw.DeepClone();
}
