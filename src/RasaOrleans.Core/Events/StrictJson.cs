using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>
/// Parses JSON a client sent, refusing what the server could accept but not store or write back: nesting deeper
/// than <see cref="MaxInputDepth"/>, duplicate keys in an object, strings with a lone UTF-16 surrogate escape
/// (<c>"\ud800"</c>), and numbers outside the range of a double (<c>1e400</c>). Every refusal is a
/// <see cref="RasaFormatException"/> naming the problem, so callers answer it with a 400.
/// </summary>
/// <remarks>
/// Whatever this accepts, <see cref="JsonText"/> can write back, also nested inside a tracker
/// (<see cref="MaxOutputDepth"/> leaves room for the levels a tracker adds around an event).
/// </remarks>
public static class StrictJson
{
    /// <summary>Deepest nesting accepted in a request body or a stored event.</summary>
    public const int MaxInputDepth = 64;

    /// <summary>Deepest nesting written: an accepted value plus the levels a tracker or a reply wraps it in.</summary>
    public const int MaxOutputDepth = MaxInputDepth + 64;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = MaxInputDepth, AllowDuplicateProperties = false };

    /// <summary>Parses <paramref name="json"/>; a <see cref="RasaFormatException"/> says what is wrong with it.</summary>
    public static JsonNode? Parse(string json) => Parse(json, file: null);

    /// <summary>
    /// Parses the content of <paramref name="file"/> (a model or training data file a client may have sent); a
    /// <see cref="RasaFormatException"/> names the file, and the line of a syntax error.
    /// </summary>
    public static JsonNode? Parse(string json, string? file)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: s_options);
        }
        catch (JsonException e)
        {
            throw new RasaFormatException($"not valid JSON ({e.Message.TrimEnd('.')})", file, file is null ? null : (int?)e.LineNumber + 1, e);
        }
        catch (InvalidOperationException)
        {
            // the duplicate-key check reads every key, and a key with a lone surrogate escape cannot be read
            throw new RasaFormatException("a key of an object is not valid text (a lone UTF-16 surrogate escape)", file);
        }

        try
        {
            Check(node);
        }
        catch (RasaFormatException e) when (file is not null)
        {
            throw new RasaFormatException(e.Problem, file);
        }

        return node;
    }

    /// <summary>Like <see cref="Parse"/>, but null for any JSON that <see cref="Parse"/> refuses.</summary>
    public static JsonNode? TryParse(string json)
    {
        try
        {
            return Parse(json);
        }
        catch (RasaFormatException)
        {
            return null;
        }
    }

    // Touches every key, string and number once, so problems that System.Text.Json finds only lazily (when a
    // value is read or written) are found here, before anything is stored.
    private static void Check(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in ReadProperties(obj))
                {
                    Check(value);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i]);
                }

                break;
            case JsonValue value:
                CheckValue(value);
                break;
        }
    }

    private static List<KeyValuePair<string, JsonNode?>> ReadProperties(JsonObject obj)
    {
        try
        {
            return [.. obj];
        }
        catch (InvalidOperationException)
        {
            throw new RasaFormatException($"a key of the object at {obj.GetPath()} is not valid text (a lone UTF-16 surrogate escape)");
        }
    }

    private static void CheckValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    throw new RasaFormatException($"the string at {value.GetPath()} is not valid text (a lone UTF-16 surrogate escape)");
                }

                break;
            case JsonValueKind.Number:
                if (!value.TryGetValue<double>(out var number) || !double.IsFinite(number))
                {
                    throw new RasaFormatException(
                        $"the number {value.ToJsonString()} at {value.GetPath()} is out of range (larger than {double.MaxValue.ToString(CultureInfo.InvariantCulture)})");
                }

                break;
        }
    }
}
