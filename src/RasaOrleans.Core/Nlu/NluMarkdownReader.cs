using System.Text.RegularExpressions;

namespace RasaOrleans.Core.Nlu;

/// <summary>Reads rasa_nlu's Markdown training data (spec §8.4).</summary>
internal static partial class NluMarkdownReader
{
    public static void Read(string text, string? file, NluTrainingDataBuilder builder)
    {
        var lines = Comment().Replace(text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal),
            match => new string('\n', match.Value.Count(c => c == '\n'))).Split('\n');
        string? kind = null;
        var name = "";
        var lookupElements = new List<string>();
        var lookupLine = 0;

        void FlushLookup()
        {
            if (kind == "lookup")
            {
                builder.AddLookupTable(name, [.. lookupElements], file, lookupLine);
            }

            lookupElements.Clear();
        }

        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var header = SectionHeader().Match(line);
            if (header.Success)
            {
                FlushLookup();
                kind = header.Groups[1].Value.ToLowerInvariant();
                name = header.Groups[2].Value.Trim();
                lookupLine = lineNumber;
                if (name.Length == 0)
                {
                    throw new RasaFormatException($"section '{line}' has no name", file, lineNumber);
                }

                continue;
            }

            if (line.StartsWith('#'))
            {
                throw new RasaFormatException(
                    $"unknown section '{line}'; expected '## intent:', '## synonym:', '## regex:' or '## lookup:'",
                    file, lineNumber);
            }

            var item = Item().Match(line);
            if (kind is null)
            {
                builder.Warn($"skipped a line outside of any section: '{line}'", file, lineNumber);
                continue;
            }

            if (!item.Success)
            {
                if (kind == "lookup")
                {
                    lookupElements.AddRange(NluTrainingDataBuilder.ReadLookupFile(line, file, lineNumber));
                }
                else
                {
                    builder.Warn($"skipped a line that is not a list item: '{line}'", file, lineNumber);
                }

                continue;
            }

            var content = item.Groups[1].Value.Trim();
            switch (kind)
            {
                case "intent":
                    var (plain, entities) = EntityMarkup.Parse(content, builder, file, lineNumber);
                    builder.AddExample(plain, name, entities, file, lineNumber);
                    break;
                case "synonym":
                    builder.AddSynonym(content, name, file, lineNumber);
                    break;
                case "regex":
                    builder.AddRegex(name, content, file, lineNumber);
                    break;
                default:
                    lookupElements.Add(content);
                    break;
            }
        }

        FlushLookup();
    }

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^##\s*(intent|synonym|regex|lookup)\s*:(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^[-*+]\s+(.*)$")]
    private static partial Regex Item();
}
