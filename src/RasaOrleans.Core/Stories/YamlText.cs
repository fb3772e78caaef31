using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Core.Stories;

/// <summary>YAML parsing with line numbers, and YAML values as JSON values, for the YAML training formats.</summary>
internal static class YamlText
{
    /// <summary>The root mapping of a YAML document, or null for an empty document.</summary>
    public static YamlMappingNode? LoadRoot(string text, string? sourceFile)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new RasaFormatException($"not valid YAML: {e.Message}", sourceFile, (int)e.Start.Line, e);
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        return stream.Documents[0].RootNode switch
        {
            YamlMappingNode mapping => mapping,
            YamlScalarNode { Value: null or "" } => null,
            var other => throw new RasaFormatException("the top level of the file must be a mapping of keys", sourceFile, LineOf(other)),
        };
    }

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode mapping) =>
        mapping.Children.Select(pair => ((pair.Key as YamlScalarNode)?.Value ?? pair.Key.ToString(), pair.Value));

    /// <summary>
    /// A YAML value as JSON. Plain scalars are typed the way YAML 1.1 loaders in Python type them
    /// (null, booleans, numbers); quoted scalars stay strings.
    /// </summary>
    public static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in Entries(mapping))
                {
                    obj[key] = ToJson(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(ToJson)]);
            case YamlScalarNode scalar:
                return ScalarToJson(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "on" or "On":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "off" or "Off":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.Any(char.IsDigit)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
