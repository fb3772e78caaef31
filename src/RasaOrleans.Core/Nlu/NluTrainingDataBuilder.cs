namespace RasaOrleans.Core.Nlu;

/// <summary>Collects what the NLU readers find and checks each example where it is read.</summary>
internal sealed class NluTrainingDataBuilder
{
    private readonly List<NluExample> _examples = [];
    private readonly List<RegexFeature> _regexFeatures = [];
    private readonly Dictionary<string, string> _synonyms = new(StringComparer.Ordinal);
    private readonly List<LookupTable> _lookupTables = [];
    private readonly List<string> _warnings = [];

    public void AddExample(string? text, string? intent, IReadOnlyList<NluEntity> entities, string? file, int? line)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RasaFormatException("training example has no text", file, line);
        }

        if (intent is not null && intent.Trim().Length == 0)
        {
            throw new RasaFormatException($"training example '{text}' has an empty intent", file, line);
        }

        foreach (var entity in entities)
        {
            if (string.IsNullOrWhiteSpace(entity.Entity))
            {
                throw new RasaFormatException($"an entity of '{text}' has no entity type", file, line);
            }

            if (entity.Start < 0 || entity.End > text.Length || entity.Start >= entity.End)
            {
                throw new RasaFormatException(
                    $"entity '{entity.Entity}' of '{text}' has offsets {entity.Start}..{entity.End} outside the text "
                    + $"(length {text.Length})", file, line);
            }

            // A value that differs from the text is fine: Rasa learns it as a synonym (the example bots rely on it).
        }

        _examples.Add(new NluExample(text, intent, entities));
    }

    public void AddSynonym(string synonym, string value, string? file, int? line)
    {
        if (string.IsNullOrWhiteSpace(synonym) || string.IsNullOrWhiteSpace(value))
        {
            throw new RasaFormatException("a synonym and its value must not be empty", file, line);
        }

        var key = synonym.ToLowerInvariant();
        if (key == value)
        {
            return;
        }

        if (_synonyms.TryGetValue(key, out var existing) && existing != value)
        {
            Warn($"synonym '{synonym}' maps to '{existing}' and to '{value}'; kept '{value}'", file, line);
        }

        _synonyms[key] = value;
    }

    public void AddRegex(string name, string pattern, string? file, int? line)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(pattern))
        {
            throw new RasaFormatException("a regex feature needs a name and a pattern", file, line);
        }

        _regexFeatures.Add(new RegexFeature(name, pattern));
    }

    public void AddLookupTable(string name, IReadOnlyList<string> elements, string? file, int? line)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RasaFormatException("a lookup table needs a name", file, line);
        }

        _lookupTables.Add(new LookupTable(name, elements));
    }

    public void Warn(string message, string? file, int? line) =>
        _warnings.Add(new RasaFormatException(message, file, line).Message);

    public NluTrainingData Build() => new()
    {
        Examples = [.. _examples],
        RegexFeatures = [.. _regexFeatures],
        EntitySynonyms = new Dictionary<string, string>(_synonyms, StringComparer.Ordinal),
        LookupTables = [.. _lookupTables],
        Warnings = [.. _warnings],
    };

    /// <summary>
    /// Lookup elements from a file: one element per non-empty line, trimmed, relative to the data file. Data that
    /// was not read from a file (e.g. posted to <c>/train</c>) may not refer to files: a client must not make the
    /// server read its own files.
    /// </summary>
    public static IReadOnlyList<string> ReadLookupFile(string reference, string? dataFile, int? line)
    {
        if (dataFile is null)
        {
            throw new RasaFormatException(
                $"lookup table file '{reference}': training data that is not read from a file cannot refer to files; list the elements instead",
                null, line);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataFile))!;
        var path = Path.IsPathRooted(reference) ? reference : Path.Combine(folder, reference);
        try
        {
            return [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RasaFormatException($"cannot read lookup table file '{reference}': {e.Message}", dataFile, line, e);
        }
    }
}
