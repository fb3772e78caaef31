using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Policies;

/// <summary>Trains and persists <see cref="MemoizationPolicy"/> (plain and augmented) as <c>memorized_turns.json</c>.</summary>
public sealed class MemoizationPolicyProvider : IPolicyProvider
{
    public const string MemorizedTurnsFile = "memorized_turns.json";
    public const int DefaultMaxHistory = 3;

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public IReadOnlyList<string> Names { get; } = [MemoizationPolicy.PlainName, MemoizationPolicy.AugmentedName];

    public int AugmentationFactor => 0;

    public IDialoguePolicy Train(PolicySpec spec, PolicyTrainingContext context) =>
        MemoizationPolicy.Train(context.Featurizer, context.Trackers, spec.MaxHistory ?? DefaultMaxHistory,
            spec.Name == MemoizationPolicy.AugmentedName);

    public string Describe(IDialoguePolicy policy) => policy is MemoizationPolicy m
        ? $"max_history {m.MaxHistory}, {m.Lookup.Count} memorized turns, {m.PartialLookup.Count} partial"
        : "";

    public IReadOnlyList<(string Name, byte[] Content)> Save(IDialoguePolicy policy) =>
        [(MemorizedTurnsFile, Encoding.UTF8.GetBytes(((MemoizationPolicy)policy).ToJson().ToJsonString(s_indented) + "\n"))];

    public IDialoguePolicy Load(string name, StateFeaturizer featurizer, string folder) =>
        MemoizationPolicy.FromJson(featurizer, PolicyFiles.ReadJson(Path.Combine(folder, MemorizedTurnsFile)));
}
