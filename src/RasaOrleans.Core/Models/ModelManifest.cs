using System.Text.Json.Nodes;

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

    public static ModelManifest FromJson(JsonObject json, string path)
    {
        if (json["format"]?.GetValue<string>() != Format)
        {
            throw new RasaFormatException($"not a RasaOrleans model (manifest 'format' is not '{Format}')", path);
        }

        var version = json["format_version"]?.GetValue<int>() ?? 0;
        if (version != CurrentFormatVersion)
        {
            throw new RasaFormatException(
                $"model format version {version} is not supported by this server (it reads version {CurrentFormatVersion}); retrain the model", path);
        }

        return new ModelManifest(
            version,
            json["trained_with"]?.GetValue<string>() ?? "unknown",
            json["rasa_core"]?.GetValue<string>() ?? "unknown",
            json["fingerprint"]?.GetValue<string>() ?? throw new RasaFormatException("manifest lacks 'fingerprint'", path),
            json["domain_fingerprint"]?.GetValue<string>() ?? "",
            (json["policies"] as JsonArray)?.Select(p => p!.GetValue<string>()).ToList() ?? [],
            (json["files"] as JsonArray)?.Select(p => p!.GetValue<string>()).ToList() ?? []);
    }
}
