using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Policies;

namespace RasaOrleans.Core.Models;

/// <summary>
/// A trained dialogue model: the domain, the policy ensemble and the manifest, as written to and read from a
/// self-describing model directory:
/// <code>
/// manifest.json                   format, versions, fingerprint, file list
/// domain.yml                      the domain in Rasa's persisted form
/// domain.json                     {"states": [...]} the ordered state features
/// policy_metadata.json            Rasa-style ensemble metadata
/// config.yml                      the policy configuration it was trained with
/// policy_0_&lt;Name&gt;/...            one folder per policy
/// </code>
/// </summary>
public sealed class DialogueModel
{
    public const string DomainFile = "domain.yml";
    public const string StatesFile = "domain.json";
    public const string MetadataFile = "policy_metadata.json";
    public const string ConfigFile = "config.yml";
    public const string MemorizedTurnsFile = MemoizationPolicyProvider.MemorizedTurnsFile;

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public DialogueModel(DomainSpec domain, PolicyEnsemble ensemble, ModelManifest manifest)
    {
        Domain = domain;
        Ensemble = ensemble;
        Manifest = manifest;
    }

    public DomainSpec Domain { get; }

    public PolicyEnsemble Ensemble { get; }

    public ModelManifest Manifest { get; }

    public string Fingerprint => Manifest.Fingerprint;

    /// <summary>
    /// Writes a model directory. Files are written to a temporary sibling folder first and moved into place, so
    /// a failure leaves nothing half-written. Returns the manifest (with the fingerprint of the written files).
    /// </summary>
    public static ModelManifest Write(string directory, DomainSpec domain, IReadOnlyList<IDialoguePolicy> policies, string configYaml,
        Action<string, string>? extraFiles = null, PolicyCatalog? catalog = null)
    {
        catalog ??= PolicyCatalog.Builtin;
        var target = Path.GetFullPath(directory);
        var staging = target.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [DomainFile] = Encoding.UTF8.GetBytes(domain.ToPersistedYaml()),
                [StatesFile] = Json(new JsonObject { ["states"] = new JsonArray([.. domain.StateFeatureNames.Select(n => (JsonNode)n)]) }),
                [ConfigFile] = Encoding.UTF8.GetBytes(configYaml),
                [MetadataFile] = Json(new JsonObject
                {
                    ["ensemble_name"] = "rasa_orleans.PolicyEnsemble",
                    ["policy_names"] = new JsonArray([.. policies.Select(p => (JsonNode)p.Name)]),
                    ["rasa_core"] = ModelVersion.RasaCore,
                    ["max_histories"] = new JsonArray([.. policies.Select(p => p is MemoizationPolicy m ? (JsonNode)m.MaxHistory : null)]),
                }),
            };
            for (var i = 0; i < policies.Count; i++)
            {
                foreach (var (name, content) in catalog.Get(policies[i].Name).Save(policies[i]))
                {
                    files[$"policy_{i}_{policies[i].Name}/{name}"] = content;
                }
            }

            foreach (var (name, content) in files)
            {
                var path = Path.Combine(staging, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, content);
            }

            extraFiles?.Invoke(staging, target);
            var allFiles = ListFiles(staging);
            var manifest = new ModelManifest(
                ModelManifest.CurrentFormatVersion,
                "RasaOrleans " + ModelVersion.RasaOrleans,
                ModelVersion.RasaCore,
                ComputeFingerprint(staging, allFiles),
                domain.Fingerprint,
                [.. policies.Select(p => p.Name)],
                allFiles);
            File.WriteAllBytes(Path.Combine(staging, ModelManifest.FileName), Json(manifest.ToJson()));

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            return manifest;
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// Loads a model directory, refusing one that another version wrote in an unknown format, whose files do
    /// not match its fingerprint, or whose state features differ from its domain's. Policies are restored by the
    /// providers of <paramref name="catalog"/> (default: <see cref="PolicyCatalog.Builtin"/>, which cannot load the
    /// ML policy; servers load through <c>RasaOrleans.Inference.Models.DialogueModelLoader.Load</c>).
    /// </summary>
    public static DialogueModel Load(string directory, PolicyCatalog? catalog = null)
    {
        catalog ??= PolicyCatalog.Builtin;
        var manifestPath = Path.Combine(directory, ModelManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new RasaFormatException($"no {ModelManifest.FileName} in '{directory}': not a model directory (train one with the 'train' command)");
        }

        var manifest = ModelManifest.FromJson(ReadJson(manifestPath), manifestPath);
        var fingerprint = ComputeFingerprint(directory, manifest.Files);
        if (fingerprint != manifest.Fingerprint)
        {
            throw new RasaFormatException("the model's files do not match its fingerprint (changed or incomplete); retrain it", manifestPath);
        }

        var domain = DomainSpec.Load(Path.Combine(directory, DomainFile));
        var states = ReadJson(Path.Combine(directory, StatesFile))["states"] as JsonArray;
        if (states is null || !states.Select(s => s!.GetValue<string>()).SequenceEqual(domain.StateFeatureNames))
        {
            throw new RasaFormatException("the model's state features differ from its domain's; retrain it", Path.Combine(directory, StatesFile));
        }

        var featurizer = new StateFeaturizer(domain);
        var policies = new List<IDialoguePolicy>();
        for (var i = 0; i < manifest.Policies.Count; i++)
        {
            var folder = Path.Combine(directory, $"policy_{i}_{manifest.Policies[i]}");
            var name = manifest.Policies[i];
            policies.Add(catalog.Get(name, manifestPath).Load(name, featurizer, folder));
        }

        return new DialogueModel(domain, new PolicyEnsemble(domain, policies), manifest);
    }

    /// <summary>SHA-256 over the listed files' names and contents, in order (files read as <see cref="ModelFile"/> allows).</summary>
    public static string ComputeFingerprint(string directory, IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var manifestPath = Path.Combine(directory, ModelManifest.FileName);
        foreach (var file in files)
        {
            if (ModelFile.Read(directory, file, manifestPath) is not { } bytes)
            {
                return "missing:" + file;
            }

            sha.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static List<string> ListFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != ModelManifest.FileName)
            .Order(StringComparer.Ordinal)];

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(s_indented) + "\n");

    private static JsonObject ReadJson(string path) => PolicyFiles.ReadJson(path);
}
