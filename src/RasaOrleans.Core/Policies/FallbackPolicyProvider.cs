using System.Text;
using System.Text.Json;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Policies;

/// <summary>Configures and persists <see cref="FallbackPolicy"/> (<c>fallback_policy.json</c>); there is nothing to learn.</summary>
public sealed class FallbackPolicyProvider : IPolicyProvider
{
    public const string SettingsFile = "fallback_policy.json";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public IReadOnlyList<string> Names { get; } = [FallbackPolicy.PolicyName];

    public int AugmentationFactor => 0;

    public IDialoguePolicy Train(PolicySpec spec, PolicyTrainingContext context) => new FallbackPolicy(
        context.Domain,
        spec.NluThreshold ?? FallbackPolicy.DefaultNluThreshold,
        spec.CoreThreshold ?? FallbackPolicy.DefaultCoreThreshold,
        spec.FallbackActionName ?? DomainSpec.ActionDefaultFallback);

    public string Describe(IDialoguePolicy policy) => policy is FallbackPolicy f
        ? $"nlu_threshold {f.NluThreshold}, core_threshold {f.CoreThreshold}, fallback action {f.FallbackActionName}"
        : "";

    public IReadOnlyList<(string Name, byte[] Content)> Save(IDialoguePolicy policy) =>
        [(SettingsFile, Encoding.UTF8.GetBytes(((FallbackPolicy)policy).ToJson().ToJsonString(s_indented) + "\n"))];

    public IDialoguePolicy Load(string name, StateFeaturizer featurizer, string folder) =>
        FallbackPolicy.FromJson(featurizer.Domain, PolicyFiles.ReadJson(Path.Combine(folder, SettingsFile)));
}
