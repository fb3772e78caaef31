using System.Text.RegularExpressions;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Nlu;

/// <summary>The three forms NLU training data come in.</summary>
public enum NluDataFormat
{
    /// <summary>rasa_nlu JSON (<c>{"rasa_nlu_data": …}</c>).</summary>
    Json,

    /// <summary>Markdown (<c>## intent:greet</c>).</summary>
    Markdown,

    /// <summary>The later YAML form (<c>nlu:</c>, usually after <c>version:</c>).</summary>
    Yaml,
}

/// <summary>
/// Entry points for reading NLU training data: rasa_nlu JSON, Markdown, and the later YAML <c>nlu:</c> form.
/// Mistakes are <see cref="RasaFormatException"/>s with file and, where known, line.
/// </summary>
public static partial class NluTrainingDataReader
{
    /// <summary>Reads a training data file or every training data file below a folder.</summary>
    public static NluTrainingData Read(string path) =>
        Directory.Exists(path) ? ReadFolder(path) : ReadFile(path);

    /// <summary>Reads one file; the format follows the extension (<c>.json</c>, <c>.md</c>, <c>.yml</c>/<c>.yaml</c>).</summary>
    public static NluTrainingData ReadFile(string path)
    {
        var builder = new NluTrainingDataBuilder();
        var text = ReadAllText(path);
        switch (FormatOf(path))
        {
            case Format.Json:
                RasaNluJsonReader.Read(text, path, builder);
                break;
            case Format.Markdown:
                NluMarkdownReader.Read(text, path, builder);
                break;
            case Format.Yaml:
                NluYamlReader.Read(text, path, builder);
                break;
            default:
                throw new RasaFormatException("unknown NLU training data format; expected .json, .md, .yml or .yaml", path);
        }

        return builder.Build();
    }

    /// <summary>
    /// Reads every NLU file below <paramref name="folder"/> (recursively, ordinal path order) as one training set.
    /// Files of other kinds (stories, domains, configs) are passed over; rasa_nlu JSON and Markdown cannot be mixed.
    /// </summary>
    public static NluTrainingData ReadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new RasaFormatException("NLU data folder does not exist", folder);
        }

        var builder = new NluTrainingDataBuilder();
        string? jsonFile = null, markdownFile = null;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var format = FormatOf(file);
            if (format is Format.Unknown)
            {
                continue;
            }

            var text = ReadAllText(file);
            switch (format)
            {
                case Format.Json when RasaNluJsonReader.IsRasaNlu(text):
                    jsonFile ??= file;
                    RasaNluJsonReader.Read(text, file, builder);
                    break;
                case Format.Markdown when StoryReader.LooksLikeNluMarkdown(text):
                    markdownFile ??= file;
                    NluMarkdownReader.Read(text, file, builder);
                    break;
                case Format.Yaml when NluYamlReader.HasNlu(text, file):
                    NluYamlReader.Read(text, file, builder);
                    break;
            }

            if (jsonFile is not null && markdownFile is not null)
            {
                throw new RasaFormatException(
                    $"JSON and Markdown NLU training data cannot be mixed ('{jsonFile}' and '{markdownFile}')", folder);
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// The format of NLU training data given as text without a file name (a request body, a field of a training
    /// request), by content: JSON when the first character after whitespace and a byte order mark is <c>{</c>, YAML
    /// when a line starts with the top-level key <c>nlu:</c> or <c>version:</c>, else Markdown. Every place that
    /// takes NLU text decides with this, so the same text is read the same way everywhere.
    /// </summary>
    public static NluDataFormat FormatOfText(string text)
    {
        var start = text.AsSpan().TrimStart().TrimStart('\uFEFF').TrimStart();
        return start.StartsWith("{", StringComparison.Ordinal) ? NluDataFormat.Json
            : YamlTopLevelKey().IsMatch(text) ? NluDataFormat.Yaml
            : NluDataFormat.Markdown;
    }

    /// <summary>Reads NLU training data given as text in <paramref name="format"/>.</summary>
    public static NluTrainingData ReadText(string text, NluDataFormat format, string? sourceFile = null) => format switch
    {
        NluDataFormat.Json => ReadRasaJson(text, sourceFile),
        NluDataFormat.Yaml => ReadYaml(text, sourceFile),
        _ => ReadMarkdown(text, sourceFile),
    };

    public static NluTrainingData ReadRasaJson(string text, string? sourceFile = null) =>
        ReadText(text, sourceFile, RasaNluJsonReader.Read);

    public static NluTrainingData ReadMarkdown(string text, string? sourceFile = null) =>
        ReadText(text, sourceFile, NluMarkdownReader.Read);

    public static NluTrainingData ReadYaml(string text, string? sourceFile = null) =>
        ReadText(text, sourceFile, NluYamlReader.Read);

    private static NluTrainingData ReadText(string text, string? sourceFile, Action<string, string?, NluTrainingDataBuilder> read)
    {
        var builder = new NluTrainingDataBuilder();
        read(text, sourceFile, builder);
        return builder.Build();
    }

    private static Format FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => Format.Json,
        ".md" => Format.Markdown,
        ".yml" or ".yaml" => Format.Yaml,
        _ => Format.Unknown,
    };

    private static string ReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RasaFormatException($"cannot read NLU training data: {e.Message}", path, null, e);
        }
    }

    [GeneratedRegex(@"^(nlu|version)\s*:", RegexOptions.Multiline)]
    private static partial Regex YamlTopLevelKey();

    private enum Format
    {
        Unknown,
        Json,
        Markdown,
        Yaml,
    }
}
