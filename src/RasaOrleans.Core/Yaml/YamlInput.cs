using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RasaOrleans.Core.Events;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Core.Yaml;

/// <summary>
/// Reads user YAML (domains, configs) the way PyYAML's safe loader would see it, keeping node positions so that
/// mistakes can be reported with a line number. JSON files are read through the same path (JSON is YAML).
/// </summary>
internal static partial class YamlInput
{
    /// <summary>The root node of the first document, or null when the text holds no document at all.</summary>
    public static YamlNode? ParseRoot(string text, string? file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            const string duplicate = "Duplicate key ";
            var problem = ex.Message.StartsWith(duplicate, StringComparison.Ordinal)
                ? $"duplicate key '{ex.Message[duplicate.Length..]}' (a slot, template or setting is written twice)"
                : ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}";
            throw new RasaFormatException(problem.StartsWith("duplicate", StringComparison.Ordinal) ? problem : $"not valid YAML: {problem}", file, LineOf(ex.Start), ex);
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        var root = stream.Documents[0].RootNode;
        return root is YamlScalarNode scalar && IsNull(scalar) ? null : root;
    }

    public static int? Line(YamlNode node) => LineOf(node.Start);

    private static int? LineOf(Mark mark) => mark.Line > 0 ? (int)mark.Line : null;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && scalar.Style == ScalarStyle.Plain && NullPattern().IsMatch(scalar.Value ?? "");

    /// <summary>The string of a scalar node, or null when the node is not a (non-null) scalar.</summary>
    public static string? AsString(YamlNode node) =>
        node is YamlScalarNode scalar && !IsNull(scalar) ? scalar.Value ?? "" : null;

    /// <summary>Looks up <paramref name="key"/> in a mapping; returns the key node too, for error lines.</summary>
    public static bool TryGet(YamlMappingNode mapping, string key, out YamlNode keyNode, out YamlNode value)
    {
        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode s && s.Value == key)
            {
                keyNode = k;
                value = v;
                return true;
            }
        }

        keyNode = null!;
        value = null!;
        return false;
    }

    /// <summary>Converts a node to JSON, resolving plain scalars with YAML 1.1 rules (as PyYAML does).</summary>
    public static JsonNode? ToJson(YamlNode node) =>
        node switch
        {
            YamlScalarNode scalar => ScalarToJson(scalar),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
            YamlMappingNode mapping => MappingToJson(mapping),
            _ => null,
        };

    private static JsonObject MappingToJson(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            result[name] = ToJson(value);
        }

        return result;
    }

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (NullPattern().IsMatch(text))
        {
            return null;
        }

        if (TruePattern().IsMatch(text))
        {
            return JsonValue.Create(true);
        }

        if (FalsePattern().IsMatch(text))
        {
            return JsonValue.Create(false);
        }

        if (IntPattern().IsMatch(text) &&
            long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var integer))
        {
            return JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture));
        }

        if (FloatPattern().IsMatch(text) &&
            double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float,
                CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonFloat.Node(real);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^(~|null|Null|NULL|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(yes|Yes|YES|true|True|TRUE|on|On|ON)$")]
    private static partial Regex TruePattern();

    [GeneratedRegex("^(no|No|NO|false|False|FALSE|off|Off|OFF)$")]
    private static partial Regex FalsePattern();

    [GeneratedRegex("^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")]
    private static partial Regex FloatPattern();
}
