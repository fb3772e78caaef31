using System.Text;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Domain;

/// <summary>
/// Renders utter templates the way the 0.9–0.10 server does when it runs actions itself (<c>/respond</c>):
/// picks a variation at random, fills <c>{slot}</c> placeholders from slot values (Python <c>str.format</c>),
/// and turns the result into messages.
/// </summary>
public sealed class TemplateRenderer(DomainSpec domain, Random random)
{
    public TemplateRenderer(DomainSpec domain)
        : this(domain, Random.Shared)
    {
    }

    /// <summary>A random variation of the template, or null when the domain has no such template.</summary>
    public TemplateVariation? ChooseVariation(string templateName) =>
        domain.Templates.TryGetValue(templateName, out var variations) && variations.Count > 0
            ? variations[random.Next(variations.Count)]
            : null;

    /// <summary>
    /// The messages the template produces for <paramref name="recipientId"/>. A missing template produces the text
    /// <c>Undefined utter template &lt;name&gt;.</c>
    /// </summary>
    public IReadOnlyList<BotMessage> Render(string templateName, IReadOnlyDictionary<string, JsonNode?> slotValues,
        string recipientId)
    {
        var variation = ChooseVariation(templateName);
        if (variation is null)
        {
            return [new BotMessage(recipientId, $"Undefined utter template <{templateName}>.", [])];
        }

        var text = Fill(variation.Text, slotValues);
        var messages = new List<BotMessage>();
        if (variation.Elements is { Count: > 0 } elements)
        {
            // what the collecting channel does with custom elements: one text-with-buttons per element
            foreach (var element in elements)
            {
                var title = element?["title"] is { } t ? PythonValue.Str(t) : "";
                var subtitle = element?["subtitle"] is { } s ? PythonValue.Str(s) : "";
                var buttons = element?["buttons"] is JsonArray array
                    ? array.OfType<JsonObject>()
                        .Select(b => new TemplateButton(PythonValue.Str(b["title"]), PythonValue.Str(b["payload"])))
                        .ToArray()
                    : [];
                messages.Add(new BotMessage(recipientId, $"{title} : {subtitle}", buttons));
            }
        }
        else if (variation.Buttons.Count > 0)
        {
            messages.Add(new BotMessage(recipientId, text, variation.Buttons));
        }
        else
        {
            messages.AddRange(text.Split("\n\n").Select(part => new BotMessage(recipientId, part, [])));
        }

        if (variation.Image is { } image)
        {
            messages.Add(new BotMessage(recipientId, "Image: " + image, [], image));
        }

        return messages;
    }

    /// <summary>
    /// Python <c>text.format(**slot_values)</c> for simple names: <c>{name}</c> becomes <c>str(value)</c>,
    /// <c>{{</c>/<c>}}</c> become braces. If any placeholder cannot be filled (unknown name, positional or
    /// formatted field, stray brace) the text is returned unchanged, as Rasa logs the error and sends the raw
    /// template. With no slot values at all Rasa does not format, so the text is unchanged too.
    /// </summary>
    public static string Fill(string text, IReadOnlyDictionary<string, JsonNode?> slotValues)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (slotValues.Count == 0 || (!text.Contains('{') && !text.Contains('}')))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    builder.Append('}');
                    i++;
                    continue;
                }

                return text;
            }

            if (c != '{')
            {
                builder.Append(c);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                builder.Append('{');
                i++;
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            if (end < 0)
            {
                return text;
            }

            var field = text[(i + 1)..end];
            if (!IsSimpleName(field) || !slotValues.TryGetValue(field, out var value))
            {
                return text;
            }

            builder.Append(PythonValue.Str(value));
            i = end;
        }

        return builder.ToString();
    }

    private static bool IsSimpleName(string field) =>
        field.Length > 0
        && !char.IsDigit(field[0])
        && field.IndexOfAny(['{', '.', '[', ']', ':', '!']) < 0;
}
