using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace RasaOrleans.Server.Tests.Fuzzing;

/// <summary>
/// One way of spoiling a valid JSON body, as a hostile or careless client would: nesting at and around the
/// depth limit, a duplicated key, a surrogate escape in a string, a huge or non-finite number, a value of the
/// wrong type at some path, or the text cut short. Generated from a few integers so that CsCheck can shrink a
/// failing case to a small one; <see cref="Apply"/> turns it into the body text.
/// </summary>
public sealed record JsonMutation(JsonMutation.Kind What, int Where, int Which)
{
    public enum Kind
    {
        DeepNesting,
        DuplicateKey,
        SurrogateEscape,
        ExtremeNumber,
        WrongType,
        Truncation,
        Unchanged,
    }

    // at, just under and just over the accepted depth (64 levels in all), counted from the replaced value
    private static readonly int[] s_depths = [1, 8, 30, 58, 60, 61, 62, 63, 64, 65, 70, 200, 5000];

    private static readonly string[] s_surrogates = [@"\ud800", @"\udfff", @"\udbff\udfff", @"a\ud83d", @"\udc00b", @"\u0000", @"\ud83d\ude00"];

    private static readonly string[] s_numbers =
        ["1e400", "-1e400", "1e308", "-1.7976931348623157e308", "1e-400", "123456789012345678901234567890", "-0", "0.1e1", "1E+2", "4.9e-324"];

    private static readonly string[] s_wrongValues = ["null", "true", "false", "0", "-1", "1.5", "\"\"", "\"x\"", "[]", "{}", "[null]", "{\"event\": null}"];

    public static Gen<JsonMutation> Generator { get; } =
        Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 1 << 16], Gen.Int[0, 1 << 16], (what, where, which) => new JsonMutation(what, where, which));

    /// <summary>The body text: <paramref name="valid"/> spoiled as this mutation says.</summary>
    public string Apply(string valid)
    {
        var root = JsonNode.Parse(valid)!;
        var paths = ValuePaths(root);
        var target = paths[Where % paths.Count];
        return What switch
        {
            Kind.DeepNesting => Replace(root, target, Nested(s_depths[Which % s_depths.Length], Which % 2 == 0)),
            Kind.DuplicateKey => DuplicateKey(root, valid),
            Kind.SurrogateEscape => Replace(root, target, "\"" + s_surrogates[Which % s_surrogates.Length] + "\""),
            Kind.ExtremeNumber => Replace(root, target, s_numbers[Which % s_numbers.Length]),
            Kind.WrongType => Replace(root, target, s_wrongValues[Which % s_wrongValues.Length]),
            Kind.Truncation => valid[..(Which % Math.Max(1, valid.Length))],
            _ => valid,
        };
    }

    public override string ToString() => $"{What} at #{Where} with #{Which}";

    private static string Nested(int levels, bool objects)
    {
        var text = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            text.Append(objects ? "{\"a\": " : "[");
        }

        text.Append('1');
        for (var i = 0; i < levels; i++)
        {
            text.Append(objects ? '}' : ']');
        }

        return text.ToString();
    }

    // Every value in the document (the root too), each as the list of steps that reach it.
    private static List<List<object>> ValuePaths(JsonNode root)
    {
        var paths = new List<List<object>>();
        void Walk(JsonNode? node, List<object> path)
        {
            paths.Add(path);
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        Walk(value, [.. path, key]);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], [.. path, i]);
                    }

                    break;
            }
        }

        Walk(root, []);
        return paths;
    }

    // Replaces the value at path with raw JSON text, by writing the document with a placeholder string there.
    private static string Replace(JsonNode root, List<object> path, string raw)
    {
        const string Marker = "__mutation_placeholder_7f3a__";
        if (path.Count == 0)
        {
            return raw;
        }

        var copy = root.DeepClone();
        var parent = copy;
        foreach (var step in path.Take(path.Count - 1))
        {
            parent = step is string key ? parent![key]! : parent![(int)step]!;
        }

        var last = path[^1];
        JsonNode marker = JsonValue.Create(Marker)!;
        if (last is string name)
        {
            parent![name] = marker;
        }
        else
        {
            parent!.AsArray()[(int)last] = marker;
        }

        return copy.ToJsonString().Replace("\"" + Marker + "\"", raw, StringComparison.Ordinal);
    }

    // The first object's first key written twice, with another value the second time.
    private string DuplicateKey(JsonNode root, string valid)
    {
        var objects = ValuePaths(root).Where(p => Resolve(root, p) is JsonObject { Count: > 0 }).ToList();
        if (objects.Count == 0)
        {
            return valid;
        }

        var path = objects[Which % objects.Count];
        var obj = (JsonObject)Resolve(root, path)!;
        var (key, value) = obj.ElementAt(Where % obj.Count);
        var duplicate = Which % 3 == 0 ? value?.ToJsonString() ?? "null" : s_wrongValues[Which % s_wrongValues.Length];
        var text = obj.ToJsonString();
        var withDuplicate = text[..^1] + "," + JsonValue.Create(key)!.ToJsonString() + ": " + duplicate + "}";
        return Replace(root, path, withDuplicate);
    }

    private static JsonNode? Resolve(JsonNode root, List<object> path)
    {
        var node = root;
        foreach (var step in path)
        {
            node = step is string key ? node![key] : node![(int)step];
        }

        return node;
    }
}
