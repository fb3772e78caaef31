using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// A trained dialogue policy: a score per domain action for a tracker's current state.
/// <see cref="Predict"/> must be safe to call from many threads at once and must not change the tracker: a
/// loaded model's policies are shared by every grain of a silo. The built-in policies (memoization, fallback,
/// the ML policy) are immutable after training or loading.
/// </summary>
public interface IDialoguePolicy
{
    /// <summary>The Rasa policy name (<c>AugmentedMemoizationPolicy</c>, …).</summary>
    string Name { get; }

    /// <summary>Scores in domain action order (spec §9.2); all zero means "no opinion".</summary>
    double[] Predict(Tracker tracker);
}
