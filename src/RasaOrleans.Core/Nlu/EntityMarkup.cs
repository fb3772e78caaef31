using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RasaOrleans.Core.Nlu;

/// <summary>
/// Inline entity annotations of the Markdown and YAML NLU formats: <c>[text](entity)</c>,
/// <c>[text](entity:value)</c> and <c>[text]{"entity": "x", "value": "y"}</c>. Offsets refer to the text with
/// the markup removed.
/// </summary>
internal static partial class EntityMarkup
{
    public static (string Text, IReadOnlyList<NluEntity> Entities) Parse(
        string annotated, NluTrainingDataBuilder builder, string? file, int? line)
    {
        var plain = new System.Text.StringBuilder();
        var entities = new List<NluEntity>();
        var position = 0;
        foreach (Match match in Annotation().Matches(annotated))
        {
            plain.Append(annotated, position, match.Index - position);
            var text = match.Groups["text"].Value;
            var start = plain.Length;
            plain.Append(text);
            position = match.Index + match.Length;

            string entity;
            string? value, role = null, group = null;
            if (match.Groups["type"].Success)
            {
                var spec = match.Groups["type"].Value;
                var colon = spec.IndexOf(':', StringComparison.Ordinal);
                entity = (colon < 0 ? spec : spec[..colon]).Trim();
                value = colon < 0 ? null : spec[(colon + 1)..].Trim();
            }
            else
            {
                var json = ParseObject(match.Groups["json"].Value, file, line);
                entity = String(json, "entity") ?? "";
                value = String(json, "value");
                role = String(json, "role");
                group = String(json, "group");
            }

            if (entity.Length == 0)
            {
                throw new RasaFormatException($"entity annotation '{match.Value}' has no entity type", file, line);
            }

            if (value is not null && value != text)
            {
                builder.AddSynonym(text, value, file, line);
            }

            entities.Add(new NluEntity(start, start + text.Length, value ?? text, entity, role, group));
        }

        plain.Append(annotated, position, annotated.Length - position);
        return (plain.ToString(), entities);
    }

    private static JsonObject ParseObject(string json, string? file, int? line)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new RasaFormatException($"entity annotation '{json}' must be a JSON object", file, line);
        }
        catch (JsonException e)
        {
            throw new RasaFormatException($"entity annotation '{json}' is not valid JSON ({e.Message})", file, line, e);
        }
    }

    private static string? String(JsonObject json, string key) => json[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };

    [GeneratedRegex(@"\[(?<text>[^\]]+)\](?:\((?<type>[^)]+)\)|(?<json>\{[^}]*\}))")]
    private static partial Regex Annotation();
}
