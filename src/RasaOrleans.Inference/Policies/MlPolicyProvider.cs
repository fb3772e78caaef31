using System.Text;
using System.Text.Json;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Inference.Policies;

/// <summary>
/// Trains <see cref="MlPolicy"/> for the names <c>MlPolicy</c>, <c>KerasPolicy</c> and <c>SklearnPolicy</c>
/// (the last two are aliases: the trainer notes it), persists it as <c>ml_policy.json</c> and asks for
/// augmented training conversations (factor 20, as Rasa's <c>Agent.train</c>).
/// </summary>
public sealed class MlPolicyProvider : IPolicyProvider
{
    public const string ModelFile = "ml_policy.json";
    public const int DefaultAugmentationFactor = 20;

    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };

    public IReadOnlyList<string> Names { get; } =
        [PolicyConfiguration.MlPolicy, PolicyConfiguration.KerasPolicy, PolicyConfiguration.SklearnPolicy];

    public int AugmentationFactor => DefaultAugmentationFactor;

    public IDialoguePolicy Train(PolicySpec spec, PolicyTrainingContext context)
    {
        var (policy, _, _, examples) = MlPolicyTrainer.TrainWithModel(context, MlPolicyOptions.From(spec));
        context.Progress.WriteLine($"  {spec.Name}: {examples} distinct examples, {policy.FeatureCount} features, {policy.ActionCount} actions.");
        return policy;
    }

    public string Describe(IDialoguePolicy policy) => policy is MlPolicy m
        ? $"max_history {m.MaxHistory}, ML.NET LBFGS maximum entropy over {m.FeatureCount} features"
        : "";

    public IReadOnlyList<(string Name, byte[] Content)> Save(IDialoguePolicy policy) =>
        [(ModelFile, Encoding.UTF8.GetBytes(((MlPolicy)policy).ToJson().ToJsonString(s_compact) + "\n"))];

    public IDialoguePolicy Load(string name, StateFeaturizer featurizer, string folder)
    {
        var path = Path.Combine(folder, ModelFile);
        return MlPolicy.FromJson(featurizer, PolicyFiles.ReadJson(path), path);
    }
}
