using System.Text.RegularExpressions;

namespace RasaOrleans.Core.Stories;

/// <summary>
/// Entry points for reading story training data: Markdown (spec §10.1, 0.7 and 0.8+ user syntax) and the later
/// YAML <c>stories:</c>/<c>rules:</c> form. Mistakes are <see cref="RasaFormatException"/>s with file and line;
/// skipped lines are listed in <see cref="StoryGraph.Warnings"/>.
/// </summary>
public static partial class StoryReader
{
    /// <summary>Reads a story file or, for a folder, every story file below it.</summary>
    public static StoryGraph Read(string path, IReadOnlyDictionary<string, string>? templateVariables = null) =>
        Directory.Exists(path) ? ReadFolder(path, templateVariables) : ReadFile(path, templateVariables);

    /// <summary>Reads one <c>.md</c>, <c>.yml</c> or <c>.yaml</c> story file.</summary>
    public static StoryGraph ReadFile(string path, IReadOnlyDictionary<string, string>? templateVariables = null)
    {
        var context = new StoryReadContext(templateVariables);
        ReadInto(context, path, ReadAllText(path));
        return context.ToGraph();
    }

    /// <summary>
    /// Reads every story file below <paramref name="folder"/> (recursively, in ordinal path order) as one training
    /// set. Markdown NLU data and YAML files without <c>stories:</c>/<c>rules:</c> (domains, NLU) are passed over.
    /// </summary>
    public static StoryGraph ReadFolder(string folder, IReadOnlyDictionary<string, string>? templateVariables = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new RasaFormatException("story folder does not exist", folder);
        }

        var context = new StoryReadContext(templateVariables);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => IsMarkdown(f) || IsYaml(f))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = ReadAllText(file);
            if (IsMarkdown(file) ? LooksLikeNluMarkdown(text) : !YamlStoryReader.HasStories(text, file))
            {
                continue;
            }

            ReadInto(context, file, text);
        }

        return context.ToGraph();
    }

    /// <summary>Reads Markdown stories from text; <paramref name="sourceFile"/> only labels errors and steps.</summary>
    public static StoryGraph ReadMarkdown(string text, string? sourceFile = null,
        IReadOnlyDictionary<string, string>? templateVariables = null)
    {
        var context = new StoryReadContext(templateVariables);
        new MarkdownStoryReader(context).Read(text, sourceFile);
        return context.ToGraph();
    }

    /// <summary>Reads YAML <c>stories:</c> and <c>rules:</c> from text.</summary>
    public static StoryGraph ReadYaml(string text, string? sourceFile = null)
    {
        var context = new StoryReadContext(null);
        new YamlStoryReader(context).Read(text, sourceFile);
        return context.ToGraph();
    }

    /// <summary>True for Markdown that holds NLU sections (<c>## intent:</c> …) rather than stories.</summary>
    public static bool LooksLikeNluMarkdown(string text) => NluSectionHeader().IsMatch(text);

    private static void ReadInto(StoryReadContext context, string file, string text)
    {
        if (IsYaml(file))
        {
            new YamlStoryReader(context).Read(text, file);
        }
        else
        {
            new MarkdownStoryReader(context).Read(text, file);
        }
    }

    private static string ReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RasaFormatException($"cannot read story file: {e.Message}", path, null, e);
        }
    }

    private static bool IsMarkdown(string path) => path.EndsWith(".md", StringComparison.OrdinalIgnoreCase);

    private static bool IsYaml(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\s*##\s*(intent|synonym|regex|lookup)\s*:", RegexOptions.Multiline)]
    private static partial Regex NluSectionHeader();
}
