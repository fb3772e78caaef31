using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RasaOrleans.Core;
using RasaOrleans.Core.Yaml;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Reads Rasa's YAML configuration files (<c>endpoints.yml</c>, <c>credentials.yml</c>): <c>${VAR}</c> is replaced by
/// the environment variable (as Rasa does), and any mistake is a <see cref="ConfigurationFileException"/> naming the
/// file and the problem.
/// </summary>
public static partial class RasaFiles
{
    /// <summary>The file's top-level mapping (empty for an empty file).</summary>
    public static JsonObject ReadMapping(string path, string what)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException($"{what} file '{path}' cannot be read: {e.Message}");
        }

        text = EnvironmentVariable().Replace(text, match =>
            Environment.GetEnvironmentVariable(match.Groups[1].Value)
            ?? throw new ConfigurationFileException($"{what} file '{path}' uses the environment variable '{match.Groups[1].Value}', which is not set."));
        JsonNode? root;
        try
        {
            root = YamlDocument.ToJson(text, path);
        }
        catch (RasaFormatException e)
        {
            throw new ConfigurationFileException($"{what} file: {e.Message}");
        }

        return root switch
        {
            null => [],
            JsonObject mapping => mapping,
            _ => throw new ConfigurationFileException($"{what} file '{path}' must be a mapping of sections."),
        };
    }

    /// <summary>A string value of a section, or null; anything else is a mistake.</summary>
    public static string? OptionalString(JsonObject section, string key, string where) => section[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString().Trim('"'),
        var other => throw new ConfigurationFileException($"{where}: '{key}' must be a string, got {other.GetValueKind()}."),
    };

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvironmentVariable();
}

/// <summary>A configuration file given on the command line is wrong: the server does not start, and says why.</summary>
public sealed class ConfigurationFileException(string message) : Exception(message);
