using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// Chooses the next action (spec §5.3): a pending follow-up action first, then the restart intent, then the
/// policy whose best score is highest (ties keep the earlier policy; within a policy ties take the lowest
/// action index). If every score is zero the answer is <c>action_listen</c>.
/// </summary>
public sealed class PolicyEnsemble(DomainSpec domain, IReadOnlyList<IDialoguePolicy> policies)
{
    public const string FollowUpRule = "follow_up_action";
    public const string RestartRule = "restart_intent";

    public DomainSpec Domain { get; } = domain;

    public IReadOnlyList<IDialoguePolicy> Policies { get; } = policies;

    /// <summary>
    /// Predicts the next action. A pending follow-up action is consumed from <paramref name="tracker"/>, as
    /// Rasa's processor does; nothing else changes.
    /// </summary>
    public ActionPrediction PredictNextAction(Tracker tracker) =>
        PredictByRules(Domain, tracker, consumeFollowUp: true) ?? PredictWithPolicies(tracker);

    /// <summary>
    /// What <see cref="PredictNextAction"/> would answer, with a pending follow-up action left in place: the tracker
    /// does not change, so a replay can predict on the tracker it grows instead of on copies.
    /// </summary>
    public ActionPrediction PreviewNextAction(Tracker tracker) =>
        PredictByRules(Domain, tracker, consumeFollowUp: false) ?? PredictWithPolicies(tracker);

    /// <summary>
    /// The rules that come before the policies: a pending follow-up action (consumed when
    /// <paramref name="consumeFollowUp"/>), then the restart intent. Null when neither applies.
    /// </summary>
    public static ActionPrediction? PredictByRules(DomainSpec domain, Tracker tracker, bool consumeFollowUp)
    {
        if (tracker.FollowUpAction is { } followUp)
        {
            if (consumeFollowUp)
            {
                tracker.ClearFollowUpAction();
            }

            var index = domain.IndexOfAction(followUp);
            if (index >= 0)
            {
                return Certain(domain, index, FollowUpRule);
            }
        }

        if (tracker.LatestIntentName is { } intent && intent == domain.RestartIntent)
        {
            return Certain(domain, domain.IndexOfAction(DomainSpec.ActionRestart), RestartRule);
        }

        return null;
    }

    /// <summary>Scores of the best policy, without follow-up or restart rules and without changing anything.</summary>
    public ActionPrediction PredictWithPolicies(Tracker tracker)
    {
        double[]? best = null;
        var bestMax = double.NegativeInfinity;
        var bestPolicy = "none";
        foreach (var policy in Policies)
        {
            var scores = policy.Predict(tracker);
            var max = scores.Length == 0 ? 0.0 : scores.Max();
            if (max > bestMax)
            {
                best = scores;
                bestMax = max;
                bestPolicy = policy.Name;
            }
        }

        best ??= new double[Domain.ActionNames.Count];
        var chosen = 0;
        for (var i = 1; i < best.Length; i++)
        {
            if (best[i] > best[chosen])
            {
                chosen = i;
            }
        }

        return new ActionPrediction(Domain.ActionNames[chosen], best.Length == 0 ? 0.0 : best[chosen], bestPolicy, best);
    }

    private static ActionPrediction Certain(DomainSpec domain, int index, string rule)
    {
        var scores = new double[domain.ActionNames.Count];
        scores[index] = 1.0;
        return new ActionPrediction(domain.ActionNames[index], 1.0, rule, scores);
    }
}
