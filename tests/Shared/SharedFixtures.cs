namespace RasaOrleans.Testing;

/// <summary>
/// Finds the shared reference data (<c>shared/rasa-core</c>: example bots and upstream fixtures) that lives next
/// to the repository (a clone at <c>/work/main</c> finds <c>/work/shared</c>). Tests that need it use
/// <see cref="SharedFactAttribute"/>/<see cref="SharedTheoryAttribute"/>, which skip when it is absent.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>The <c>shared</c> folder, or null when it is not present.</summary>
    public static string? Root => s_root.Value;

    public static bool IsPresent => Root is not null;

    /// <summary>The <c>shared/rasa-core</c> folder; only call when <see cref="IsPresent"/>.</summary>
    public static string RasaCore =>
        Path.Combine(Root ?? throw new InvalidOperationException(MissingMessage), "rasa-core");

    public const string MissingMessage = "the ../shared reference data folder (shared/rasa-core) is not present";

    /// <summary>The <c>shared/datasets</c> folder (benchmark corpora); only call when <see cref="IsPresent"/>.</summary>
    public static string Datasets =>
        Path.Combine(Root ?? throw new InvalidOperationException(MissingMessage), "datasets");

    /// <summary>A path inside <c>shared/rasa-core</c>, from '/'-separated parts.</summary>
    public static string RasaCorePath(string relative) =>
        Path.Combine(RasaCore, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string? FindRoot()
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
