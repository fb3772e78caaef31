using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Nlu;

/// <summary>
/// The interpreter used when no NLU model is loaded and for texts that carry their intent explicitly
/// (spec §8.2): <c>/greet{"name": "Rasa"}</c>, and the 0.7 form <c>_greet[name=Rasa]</c>.
/// </summary>
public sealed class RegexInterpreter
{
    /// <summary>True for texts that state their intent directly (start with <c>/</c> or <c>_</c>).</summary>
    public static bool IsRegexMessage(string text) =>
        text.StartsWith('/') || text.StartsWith('_');

    /// <summary>Parses <paramref name="text"/> into Rasa's <c>parse_data</c> shape (spec §8.1).</summary>
    public JsonObject Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return new JsonObject
            {
                ["intent"] = new JsonObject { ["name"] = "", ["confidence"] = JsonFloat.Node(0.0) },
                ["entities"] = new JsonArray(),
                ["text"] = "",
            };
        }

        var (intent, entities) = Extract(text);
        return new JsonObject
        {
            ["text"] = text,
            ["intent"] = new JsonObject { ["name"] = intent, ["confidence"] = JsonFloat.Node(1.0) },
            ["intent_ranking"] = new JsonArray(
                new JsonObject { ["name"] = intent, ["confidence"] = JsonFloat.Node(1.0) }),
            ["entities"] = entities,
        };
    }

    /// <summary>
    /// True when the text uses the 0.8+ form and its <c>{...}</c> part is not a JSON object, i.e. the
    /// entities were dropped. Story readers use this to warn about typos.
    /// </summary>
    internal static bool HasInvalidEntityJson(string text)
    {
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0 || IsBracketForm(text))
        {
            return false;
        }

        return TryParseObject(text[brace..]) is null;
    }

    private static (string Intent, JsonArray Entities) Extract(string text)
    {
        if (IsBracketForm(text))
        {
            return ExtractBracketForm(text);
        }

        var body = StripPrefix(text);
        var offset = text.Length - body.Length;
        var brace = body.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            return (body.Trim(), []);
        }

        var intent = body[..brace].Trim();
        var start = offset + brace;
        var entities = new JsonArray();
        if (TryParseObject(text[start..]) is { } values)
        {
            foreach (var (key, value) in values)
            {
                if (value is JsonArray list)
                {
                    foreach (var element in list)
                    {
                        entities.Add(Entity(key, start, text.Length, element));
                    }
                }
                else
                {
                    entities.Add(Entity(key, start, text.Length, value));
                }
            }
        }

        return (intent, entities);
    }

    // 0.7 grammar: _intent[key=value,key2=value2]; offsets are those of each value in the text.
    private static (string Intent, JsonArray Entities) ExtractBracketForm(string text)
    {
        var body = StripPrefix(text);
        var offset = text.Length - body.Length;
        var open = body.IndexOf('[', StringComparison.Ordinal);
        var intent = body[..open].Trim().ToLowerInvariant();
        var close = body.LastIndexOf(']');
        var entities = new JsonArray();
        if (close <= open)
        {
            return (intent, entities);
        }

        var position = offset + open + 1;
        foreach (var assignment in body[(open + 1)..close].Split(','))
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                var key = assignment[..equals].Trim();
                var rawValue = assignment[(equals + 1)..];
                var value = rawValue.Trim();
                if (key.Length > 0 && value.Length > 0)
                {
                    var start = position + equals + 1 + (rawValue.Length - rawValue.TrimStart().Length);
                    entities.Add(Entity(key, start, start + value.Length, JsonValue.Create(value)));
                }
            }

            position += assignment.Length + 1;
        }

        return (intent, entities);
    }

    private static JsonObject Entity(string key, int start, int end, JsonNode? value) => new()
    {
        ["entity"] = key,
        ["start"] = start,
        ["end"] = end,
        ["value"] = value?.DeepClone(),
    };

    private static bool IsBracketForm(string text)
    {
        var bracket = text.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return false;
        }

        var brace = text.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 || bracket < brace;
    }

    private static string StripPrefix(string text) =>
        IsRegexMessage(text) ? text[1..] : text;

    private static JsonObject? TryParseObject(string json) => StrictJson.TryParse(json) as JsonObject;
}
