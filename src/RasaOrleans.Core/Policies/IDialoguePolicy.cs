using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Policies;

/// <summary>A trained dialogue policy: a score per domain action for a tracker's current state.</summary>
public interface IDialoguePolicy
{
    /// <summary>The Rasa policy name (<c>AugmentedMemoizationPolicy</c>, …).</summary>
    string Name { get; }

    /// <summary>Scores in domain action order (spec §9.2); all zero means "no opinion".</summary>
    double[] Predict(Tracker tracker);
}
