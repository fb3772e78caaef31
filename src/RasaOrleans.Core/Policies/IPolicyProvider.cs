using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// Trains, persists and loads one kind of dialogue policy. The built-in kinds live in Core; the ML.NET policy
/// lives in RasaOrleans.Inference, which adds its provider to a <see cref="PolicyCatalog"/> so Core never
/// references ML.NET.
/// </summary>
public interface IPolicyProvider
{
    /// <summary>
    /// The names this provider trains from a config (its own name first, then aliases such as
    /// <c>KerasPolicy</c>). The first name is the one written into model directories.
    /// </summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>
    /// How many finished conversations training should glue in front of the start (spec §10.3) when this policy
    /// is configured; 0 when the policy gains nothing from augmented conversations.
    /// </summary>
    int AugmentationFactor { get; }

    /// <summary>Trains a policy as <paramref name="spec"/> configures it.</summary>
    IDialoguePolicy Train(PolicySpec spec, PolicyTrainingContext context);

    /// <summary>A one-line summary for the training output (sizes, settings), or an empty string.</summary>
    string Describe(IDialoguePolicy policy);

    /// <summary>The files of the policy's folder in a model directory: file name → content.</summary>
    IReadOnlyList<(string Name, byte[] Content)> Save(IDialoguePolicy policy);

    /// <summary>Restores a policy from its folder of a model directory.</summary>
    IDialoguePolicy Load(string name, StateFeaturizer featurizer, string folder);
}
