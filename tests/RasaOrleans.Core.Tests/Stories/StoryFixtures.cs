namespace RasaOrleans.Core.Tests.Stories;

/// <summary>The example data files of <c>shared/rasa-core</c> that the story and NLU reader tests go through.</summary>
public static class StoryFixtures
{
    public static string? Shared => SharedFixtures.Root;

    public static string RasaCore => SharedFixtures.RasaCore;

    public static string Datasets => SharedFixtures.Datasets;

    /// <summary>Every Markdown story file of the examples and test fixtures, relative to <see cref="RasaCore"/>.</summary>
    public static IEnumerable<object[]> StoryFiles() =>
        Shared is null
            ? []
            : Directory.EnumerateFiles(RasaCore, "*.md", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != "SOURCES.md" && !Core.Stories.StoryReader.LooksLikeNluMarkdown(File.ReadAllText(f)))
                .Select(f => Path.GetRelativePath(RasaCore, f))
                .Order(StringComparer.Ordinal)
                .Select(f => new object[] { f });

    /// <summary>Every NLU training data file (rasa_nlu JSON or Markdown) of the examples.</summary>
    public static IEnumerable<object[]> NluFiles() =>
        Shared is null
            ? []
            : Directory.EnumerateFiles(RasaCore, "*", SearchOption.AllDirectories)
                .Where(f => (f.EndsWith(".json", StringComparison.Ordinal) && File.ReadAllText(f).Contains("\"rasa_nlu_data\"", StringComparison.Ordinal))
                    || (f.EndsWith(".md", StringComparison.Ordinal) && Core.Stories.StoryReader.LooksLikeNluMarkdown(File.ReadAllText(f))))
                .Select(f => Path.GetRelativePath(RasaCore, f))
                .Order(StringComparer.Ordinal)
                .Select(f => new object[] { f });
}
