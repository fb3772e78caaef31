using RasaOrleans.Core.Stories;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Core.Nlu;

/// <summary>Reads the <c>nlu:</c> section of the later Rasa YAML training format.</summary>
internal static class NluYamlReader
{
    public static bool HasNlu(string text, string? file) =>
        YamlText.LoadRoot(text, file) is { } root && YamlText.Get(root, "nlu") is not null;

    public static void Read(string text, string? file, NluTrainingDataBuilder builder)
    {
        var root = YamlText.LoadRoot(text, file);
        if (root is null || YamlText.Get(root, "nlu") is not { } section || section is YamlScalarNode { Value: null or "" })
        {
            return;
        }

        if (section is not YamlSequenceNode items)
        {
            throw new RasaFormatException("'nlu:' must be a list", file, YamlText.LineOf(section));
        }

        foreach (var node in items)
        {
            if (node is not YamlMappingNode item)
            {
                throw new RasaFormatException("every 'nlu:' entry must be a mapping like 'intent: greet'", file, YamlText.LineOf(node));
            }

            ReadItem(item, file, builder);
        }
    }

    private static void ReadItem(YamlMappingNode item, string? file, NluTrainingDataBuilder builder)
    {
        var line = YamlText.LineOf(item);
        var kind = new[] { "intent", "synonym", "regex", "lookup" }.FirstOrDefault(k => YamlText.Get(item, k) is not null);
        if (kind is null)
        {
            var keys = string.Join(", ", YamlText.Entries(item).Select(e => e.Key));
            builder.Warn($"'nlu:' entry with '{keys}' is not supported; skipped it", file, line);
            return;
        }

        var name = YamlText.Scalar(YamlText.Get(item, kind));
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RasaFormatException($"'{kind}:' needs a name", file, line);
        }

        var examples = Examples(YamlText.Get(item, "examples"), file, line);
        var elements = new List<string>();
        foreach (var (content, exampleLine) in examples)
        {
            switch (kind)
            {
                case "intent":
                    var (plain, entities) = EntityMarkup.Parse(content, builder, file, exampleLine);
                    builder.AddExample(plain, name, entities, file, exampleLine);
                    break;
                case "synonym":
                    builder.AddSynonym(content, name, file, exampleLine);
                    break;
                case "regex":
                    builder.AddRegex(name, content, file, exampleLine);
                    break;
                default:
                    elements.Add(content);
                    break;
            }
        }

        if (kind == "lookup")
        {
            builder.AddLookupTable(name, elements, file, line);
        }
    }

    // examples: a block string of "- item" lines, a list of strings, or a list of {text: ...}
    private static List<(string Text, int Line)> Examples(YamlNode? node, string? file, int line)
    {
        switch (node)
        {
            case null:
                throw new RasaFormatException("missing 'examples:'", file, line);
            case YamlScalarNode scalar:
                var first = YamlText.LineOf(scalar) + (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
                var result = new List<(string, int)>();
                var lines = (scalar.Value ?? "").Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    var text = lines[i].Trim();
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    if (text[0] is not ('-' or '*' or '+'))
                    {
                        throw new RasaFormatException($"example '{text}' must be a list item starting with '- '", file, first + i);
                    }

                    result.Add((text[1..].Trim(), first + i));
                }

                return result;
            case YamlSequenceNode sequence:
                return [.. sequence.Children.Select(child => child switch
                {
                    YamlScalarNode { Value: { } text } => (text, YamlText.LineOf(child)),
                    YamlMappingNode mapping when YamlText.Scalar(YamlText.Get(mapping, "text")) is { } text =>
                        (text, YamlText.LineOf(child)),
                    _ => throw new RasaFormatException("an example must be a string or have a 'text:'", file, YamlText.LineOf(child)),
                })];
            default:
                throw new RasaFormatException("'examples:' must be a block of '- ' lines or a list", file, YamlText.LineOf(node));
        }
    }
}
