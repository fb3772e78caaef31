using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// A Rasa config file: <c>language</c>, the NLU <c>pipeline</c> (a template name such as <c>spacy_sklearn</c> or a
/// list of components) and the dialogue <c>policies</c>. Reads the YAML form (rasa_nlu 0.12+, Rasa Core 0.11+)
/// and rasa_nlu 0.10/0.11 JSON configs, where pipeline entries are plain component names.
/// </summary>
public sealed class PolicyConfiguration
{
    public const string MemoizationPolicy = "MemoizationPolicy";
    public const string AugmentedMemoizationPolicy = "AugmentedMemoizationPolicy";
    public const string FallbackPolicy = "FallbackPolicy";
    public const string KerasPolicy = "KerasPolicy";
    public const string SklearnPolicy = "SklearnPolicy";
    public const string MlPolicy = "MlPolicy";

    /// <summary>Policy names this implementation knows; a class path is matched by its last segment.</summary>
    public static IReadOnlyList<string> KnownPolicyNames { get; } =
        [MemoizationPolicy, AugmentedMemoizationPolicy, FallbackPolicy, KerasPolicy, SklearnPolicy, MlPolicy];

    private static readonly PolicySpec[] s_defaultPolicies =
    [
        new(AugmentedMemoizationPolicy, new Dictionary<string, JsonNode?> { ["max_history"] = 3 }),
        new(MlPolicy, new Dictionary<string, JsonNode?> { ["max_history"] = 5 }),
        new(FallbackPolicy, new Dictionary<string, JsonNode?>
        {
            ["nlu_threshold"] = 0.3,
            ["core_threshold"] = 0.3,
            ["fallback_action_name"] = "action_default_fallback",
        }),
    ];

    private PolicyConfiguration(IReadOnlyList<PolicySpec> policies, string? pipelineTemplate,
        IReadOnlyList<PipelineComponent> pipeline, string? language, IReadOnlyDictionary<string, JsonNode?> otherSettings)
    {
        Policies = policies;
        PipelineTemplate = pipelineTemplate;
        Pipeline = pipeline;
        Language = language;
        OtherSettings = otherSettings;
    }

    /// <summary>
    /// The configuration used when none is given: augmented memoization (<c>max_history</c> 3) first, so it wins
    /// ties on remembered turns; the ML policy (<c>max_history</c> 5) for everything else; the fallback policy
    /// (thresholds 0.3, <c>action_default_fallback</c>). Training it needs the ML policy's provider
    /// (<c>InferencePolicies.Catalog</c>).
    /// </summary>
    public static PolicyConfiguration Default { get; } =
        new(s_defaultPolicies, null, [], null, new Dictionary<string, JsonNode?>());

    public IReadOnlyList<PolicySpec> Policies { get; }

    /// <summary>The pipeline template name (<c>pipeline: spacy_sklearn</c>), or null when a list is given.</summary>
    public string? PipelineTemplate { get; }

    /// <summary>The pipeline components when written as a list; empty otherwise.</summary>
    public IReadOnlyList<PipelineComponent> Pipeline { get; }

    public string? Language { get; }

    /// <summary>Other top-level keys (<c>path</c>, <c>project</c>, <c>data</c>, …) as written.</summary>
    public IReadOnlyDictionary<string, JsonNode?> OtherSettings { get; }

    public static PolicyConfiguration Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads a config; an empty text is the <see cref="Default"/> configuration.</summary>
    public static PolicyConfiguration Parse(string text, string? file = null)
    {
        var root = YamlInput.ParseRoot(text, file);
        if (root is null)
        {
            return Default;
        }

        if (root is not YamlMappingNode mapping)
        {
            throw new RasaFormatException("a config must be a map with 'policies', 'pipeline' or 'language'", file,
                YamlInput.Line(root));
        }

        IReadOnlyList<PolicySpec> policies = s_defaultPolicies;
        string? template = null;
        IReadOnlyList<PipelineComponent> pipeline = [];
        string? language = null;
        var other = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = YamlInput.AsString(keyNode) ?? "";
            switch (key)
            {
                case "policies":
                    policies = ReadPolicies(value, file);
                    break;
                case "pipeline":
                    (template, pipeline) = ReadPipeline(value, file);
                    break;
                case "language":
                    language = YamlInput.AsString(value)
                        ?? throw new RasaFormatException("'language' must be a language code such as en", file, YamlInput.Line(value));
                    break;
                default:
                    other[key] = YamlInput.ToJson(value);
                    break;
            }
        }

        return new PolicyConfiguration(policies, template, pipeline, language, other);
    }

    /// <summary>The short policy name for a name or class path, or null when the policy is unknown.</summary>
    public static string? ResolvePolicyName(string nameOrClassPath)
    {
        var name = nameOrClassPath[(nameOrClassPath.LastIndexOf('.') + 1)..];
        return KnownPolicyNames.Contains(name) ? name : null;
    }

    private static List<PolicySpec> ReadPolicies(YamlNode node, string? file)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw new RasaFormatException("'policies' must be a list of maps with a 'name'", file, YamlInput.Line(node));
        }

        if (sequence.Children.Count == 0)
        {
            throw new RasaFormatException("'policies' is empty; list at least one policy", file, YamlInput.Line(node));
        }

        var result = new List<PolicySpec>();
        foreach (var item in sequence)
        {
            var settings = ReadNamedMap(item, "policy", file, out var written);
            var name = ResolvePolicyName(written) ?? throw new RasaFormatException(
                $"unknown policy '{written}'; known policies: {string.Join(", ", KnownPolicyNames)}", file, YamlInput.Line(item));
            CheckSetting(settings, "max_history", JsonValueKind.Number, file, item);
            CheckSetting(settings, "epochs", JsonValueKind.Number, file, item);
            CheckSetting(settings, "nlu_threshold", JsonValueKind.Number, file, item);
            CheckSetting(settings, "core_threshold", JsonValueKind.Number, file, item);
            CheckSetting(settings, "fallback_action_name", JsonValueKind.String, file, item);
            result.Add(new PolicySpec(name, settings));
        }

        return result;
    }

    private static void CheckSetting(Dictionary<string, JsonNode?> settings, string key, JsonValueKind kind, string? file, YamlNode item)
    {
        if (settings.TryGetValue(key, out var value) && value is not null &&
            (value is not JsonValue v || v.GetValueKind() != kind))
        {
            var expected = kind == JsonValueKind.Number ? "a number" : "a string";
            throw new RasaFormatException($"policy setting '{key}' must be {expected}, found {value.ToJsonString()}", file,
                YamlInput.Line(item));
        }
    }

    private static (string? Template, IReadOnlyList<PipelineComponent> Components) ReadPipeline(YamlNode node, string? file)
    {
        if (node is YamlScalarNode && YamlInput.AsString(node) is { } template)
        {
            return (template, []);
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw new RasaFormatException("'pipeline' must be a template name or a list of components", file, YamlInput.Line(node));
        }

        var components = new List<PipelineComponent>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode && YamlInput.AsString(item) is { } plainName)
            {
                components.Add(new PipelineComponent(plainName, new Dictionary<string, JsonNode?>()));
                continue;
            }

            var settings = ReadNamedMap(item, "pipeline component", file, out var name);
            components.Add(new PipelineComponent(name, settings));
        }

        return (null, components);
    }

    /// <summary>Reads <c>{name: X, ...}</c>; returns the other keys.</summary>
    private static Dictionary<string, JsonNode?> ReadNamedMap(YamlNode item, string what, string? file, out string name)
    {
        if (item is not YamlMappingNode map)
        {
            throw new RasaFormatException($"each {what} must be a map with a 'name'", file, YamlInput.Line(item));
        }

        var json = (JsonObject)YamlInput.ToJson(map)!;
        if (json["name"] is not JsonValue n || n.GetValueKind() != JsonValueKind.String)
        {
            throw new RasaFormatException($"a {what} has no 'name'", file, YamlInput.Line(item));
        }

        name = n.GetValue<string>();
        var settings = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in json)
        {
            if (key != "name")
            {
                settings[key] = value?.DeepClone();
            }
        }

        return settings;
    }
}
