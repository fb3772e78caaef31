using System.Collections.Frozen;
using System.Reflection;

namespace RasaOrleans.Server.Inspector;

/// <summary>
/// The inspector's static files, embedded in this assembly (so the server serves them wherever it runs, with
/// nothing fetched at run time): read once, by file name.
/// </summary>
public static class InspectorAssets
{
    private const string ResourcePrefix = "RasaOrleans.Inspector.";

    private static readonly FrozenDictionary<string, string> s_contentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> s_files = Load();

    /// <summary>The page every inspector route answers with.</summary>
    public const string IndexFile = "index.html";

    /// <summary>The text and content type of an embedded file, or null when there is no such file.</summary>
    public static (string Text, string ContentType)? Find(string fileName) =>
        s_files.TryGetValue(fileName, out var text) && s_contentTypes.TryGetValue(Path.GetExtension(fileName), out var type)
            ? (text, type)
            : null;

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(InspectorAssets).Assembly;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            files[name[ResourcePrefix.Length..]] = reader.ReadToEnd();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
