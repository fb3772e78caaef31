using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Nlu;

/// <summary>Reads rasa_nlu's JSON training data (<c>{"rasa_nlu_data": {...}}</c>, spec §8.3).</summary>
internal static class RasaNluJsonReader
{
    private static readonly string[] ExampleSections = ["common_examples", "intent_examples", "entity_examples"];

    /// <summary>True when the JSON text is rasa_nlu training data.</summary>
    public static bool IsRasaNlu(string text)
    {
        try
        {
            return JsonNode.Parse(text.TrimStart('\uFEFF')) is JsonObject root && root.ContainsKey("rasa_nlu_data");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // a duplicate "rasa_nlu_data" or an unreadable key: Read says what is wrong
            return text.Contains("\"rasa_nlu_data\"", StringComparison.Ordinal);
        }
    }

    public static void Read(string text, string? file, NluTrainingDataBuilder builder)
    {
        text = text.TrimStart('\uFEFF');
        JsonNode? root;
        root = StrictJson.Parse(text, file ?? "(training data)");

        if (root is not JsonObject { } rootObject || rootObject["rasa_nlu_data"] is not JsonObject data)
        {
            throw new RasaFormatException("not rasa_nlu training data: expected {\"rasa_nlu_data\": {...}}", file);
        }

        var lines = ElementLines(text);
        foreach (var section in ExampleSections)
        {
            var index = 0;
            foreach (var item in Items(data, section, file))
            {
                var line = LineOf(lines, section, index++);
                if (item is not JsonObject example)
                {
                    throw new RasaFormatException($"entries of '{section}' must be objects", file, line);
                }

                var exampleText = String(example, "text", file, line);
                var entities = new List<NluEntity>();
                foreach (var node in example["entities"] as JsonArray ?? [])
                {
                    entities.Add(Entity(node, file, line));
                }

                builder.AddExample(exampleText, String(example, "intent", file, line), entities, file, line);
            }
        }

        var position = 0;
        foreach (var item in Items(data, "regex_features", file))
        {
            var line = LineOf(lines, "regex_features", position++);
            builder.AddRegex(String(item, "name", file, line) ?? "", String(item, "pattern", file, line) ?? "", file, line);
        }

        position = 0;
        foreach (var item in Items(data, "entity_synonyms", file))
        {
            var line = LineOf(lines, "entity_synonyms", position++);
            var value = String(item, "value", file, line) ?? "";
            foreach (var synonym in item?["synonyms"] as JsonArray ?? [])
            {
                builder.AddSynonym(synonym is JsonValue v && v.TryGetValue<string>(out var s) ? s : synonym?.ToJsonString() ?? "",
                    value, file, line);
            }
        }

        position = 0;
        foreach (var item in Items(data, "lookup_tables", file))
        {
            var line = LineOf(lines, "lookup_tables", position++);
            var name = String(item, "name", file, line) ?? "";
            IReadOnlyList<string> elements = item?["elements"] switch
            {
                JsonArray list => [.. list.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : e?.ToJsonString() ?? "")],
                JsonValue reference when reference.TryGetValue<string>(out var path) =>
                    NluTrainingDataBuilder.ReadLookupFile(path, file, line),
                _ => throw new RasaFormatException($"lookup table '{name}' needs 'elements': a list or a file name", file, line),
            };
            builder.AddLookupTable(name, elements, file, line);
        }
    }

    private static NluEntity Entity(JsonNode? node, string? file, int? line)
    {
        if (node is not JsonObject entity)
        {
            throw new RasaFormatException("entities must be objects with start, end, value and entity", file, line);
        }

        int Offset(string key) => entity[key] is JsonValue v && v.TryGetValue<int>(out var i)
            ? i
            : throw new RasaFormatException($"entity needs an integer '{key}'", file, line);

        var value = entity["value"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            null => throw new RasaFormatException("entity needs a 'value'", file, line),
            var other => other.ToJsonString(),
        };
        return new NluEntity(Offset("start"), Offset("end"), value, String(entity, "entity", file, line) ?? "",
            String(entity, "role", file, line), String(entity, "group", file, line));
    }

    private static IEnumerable<JsonNode?> Items(JsonObject data, string section, string? file) => data[section] switch
    {
        null => [],
        JsonArray list => list,
        _ => throw new RasaFormatException($"'{section}' must be a list", file),
    };

    private static string? String(JsonNode? node, string key, string? file, int? line) => node switch
    {
        null => null,
        JsonObject obj => obj[key] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw new RasaFormatException($"'{key}' must be a string", file, line),
        },
        _ => throw new RasaFormatException($"expected an object with '{key}', got {EventJson.Describe(node)}", file, line),
    };

    private static int? LineOf(Dictionary<string, List<int>> lines, string section, int index) =>
        lines.TryGetValue(section, out var list) && index < list.Count ? list[index] : null;

    // 1-based line of every element of the arrays directly inside "rasa_nlu_data", per array name
    private static Dictionary<string, List<int>> ElementLines(string text)
    {
        var result = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string? section = null;
        var line = 1;
        var counted = 0L;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2)
            {
                section = reader.GetString();
            }
            else if (reader.CurrentDepth == 3 && section is not null
                && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName))
            {
                for (; counted < reader.TokenStartIndex; counted++)
                {
                    if (bytes[counted] == (byte)'\n')
                    {
                        line++;
                    }
                }

                if (!result.TryGetValue(section, out var list))
                {
                    list = [];
                    result[section] = list;
                }

                list.Add(line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return result;
    }
}
