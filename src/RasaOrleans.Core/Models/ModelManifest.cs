using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Models;

/// <summary>
/// <c>manifest.json</c> of a model directory: what wrote it, what it holds, and a fingerprint of its content.
/// </summary>
public sealed record ModelManifest(
    int FormatVersion,
    string TrainedWith,
    string RasaCoreVersion,
    string Fingerprint,
    string DomainFingerprint,
    IReadOnlyList<string> Policies,
    IReadOnlyList<string> Files)
{
    public const string FileName = "manifest.json";
    public const string Format = "rasa-orleans-model";
    public const int CurrentFormatVersion = 1;

    public JsonObject ToJson() => new()
    {
        ["format"] = Format,
        ["format_version"] = FormatVersion,
        ["trained_with"] = TrainedWith,
        ["rasa_core"] = RasaCoreVersion,
        ["fingerprint"] = Fingerprint,
        ["domain_fingerprint"] = DomainFingerprint,
        ["policies"] = new JsonArray([.. Policies.Select(p => (JsonNode)p)]),
        ["files"] = new JsonArray([.. Files.Select(f => (JsonNode)f)]),
    };

    /// <summary>
    /// Reads a manifest, refusing wrong JSON types and file names that are not plain relative paths inside the
    /// model directory (<see cref="ModelFile.Problem"/>) with a <see cref="RasaFormatException"/>.
    /// </summary>
    public static ModelManifest FromJson(JsonObject json, string path)
    {
        if (OptionalString(json, "format", path) != Format)
        {
            throw new RasaFormatException($"not a RasaOrleans model (manifest 'format' is not '{Format}')", path);
        }

        var version = json["format_version"] switch
        {
            null => 0,
            JsonValue v when v.TryGetValue<int>(out var n) => n,
            var other => throw new RasaFormatException($"manifest 'format_version' must be a whole number, got {EventJson.Describe(other)}", path),
        };
        if (version != CurrentFormatVersion)
        {
            throw new RasaFormatException(
                $"model format version {version} is not supported by this server (it reads version {CurrentFormatVersion}); retrain the model", path);
        }

        var files = Strings(json, "files", path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (ModelFile.Problem(file) is { } problem)
            {
                throw new RasaFormatException($"manifest 'files': {problem}", path);
            }

            if (!seen.Add(file))
            {
                throw new RasaFormatException($"manifest 'files' lists '{file}' more than once", path);
            }
        }

        return new ModelManifest(
            version,
            OptionalString(json, "trained_with", path) ?? "unknown",
            OptionalString(json, "rasa_core", path) ?? "unknown",
            OptionalString(json, "fingerprint", path) ?? throw new RasaFormatException("manifest lacks 'fingerprint'", path),
            OptionalString(json, "domain_fingerprint", path) ?? "",
            Strings(json, "policies", path),
            files);
    }

    private static string? OptionalString(JsonObject json, string key, string path) => json[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new RasaFormatException($"manifest '{key}' must be a string, got {EventJson.Describe(other)}", path),
    };

    private static List<string> Strings(JsonObject json, string key, string path) => json[key] switch
    {
        null => [],
        JsonArray array => [.. array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new RasaFormatException($"manifest '{key}' must be a list of strings, got {EventJson.Describe(item)} in it", path))],
        var other => throw new RasaFormatException($"manifest '{key}' must be a list of strings, got {EventJson.Describe(other)}", path),
    };
}
