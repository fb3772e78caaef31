using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Yaml;

/// <summary>Reads a YAML file's first document as JSON, the way the domain and config readers see YAML.</summary>
public static class YamlDocument
{
    /// <summary>The document as JSON (null for an empty one); a mistake is a <see cref="RasaFormatException"/> with its line.</summary>
    public static JsonNode? ToJson(string text, string? file) =>
        YamlInput.ParseRoot(text, file) is { } root ? YamlInput.ToJson(root) : null;
}
