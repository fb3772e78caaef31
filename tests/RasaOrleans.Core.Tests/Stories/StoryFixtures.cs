namespace RasaOrleans.Core.Tests.Stories;

/// <summary>
/// Finds the shared example data (<c>/work/shared/rasa-core</c>) by walking up from the test binaries, so the
/// tests run from any worktree under <c>/work</c>.
/// </summary>
public static class StoryFixtures
{
    private static readonly Lazy<string?> SharedRoot = new(FindShared);

    public const string MissingMessage =
        "shared example data (a 'shared/rasa-core' folder above the test binaries) is not available";

    /// <summary>The <c>shared</c> folder, or null when it is not there.</summary>
    public static string? Shared => SharedRoot.Value;

    /// <summary>The <c>shared/rasa-core</c> folder; only call from tests marked with the StoryData attributes.</summary>
    public static string RasaCore => Path.Combine(Shared ?? throw new InvalidOperationException(MissingMessage), "rasa-core");

    public static string Datasets => Path.Combine(Shared ?? throw new InvalidOperationException(MissingMessage), "datasets");

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

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "rasa-core")))
            {
                return candidate;
            }
        }

        return null;
    }
}
