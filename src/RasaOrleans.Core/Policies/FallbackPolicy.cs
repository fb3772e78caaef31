using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// Rasa 0.10's <c>FallbackPolicy</c> (spec §11.3): when the latest intent's confidence is below
/// <see cref="NluThreshold"/> (and the fallback action did not just run) the fallback action scores
/// <see cref="FallbackScore"/> (1.1, above any probability); right after the fallback action ran it answers
/// <c>action_listen</c> with 1.1; a message the NLU's fallback classifier marked <c>nlu_fallback</c> counts as below
/// the threshold (Rasa 2's rule for that intent); otherwise the fallback action scores <see cref="CoreThreshold"/>, so it wins
/// whenever no other policy is more confident than that. Stateless and immutable: safe to share between threads.
/// </summary>
public sealed class FallbackPolicy : IDialoguePolicy
{
    public const string PolicyName = "FallbackPolicy";
    public const double DefaultNluThreshold = 0.3;
    public const double DefaultCoreThreshold = 0.3;
    public const double FallbackScore = 1.1;

    private readonly int _fallbackIndex;
    private readonly int _listenIndex;
    private readonly int _actionCount;

    public FallbackPolicy(DomainSpec domain, double nluThreshold = DefaultNluThreshold, double coreThreshold = DefaultCoreThreshold,
        string fallbackActionName = DomainSpec.ActionDefaultFallback)
    {
        _fallbackIndex = domain.IndexOfAction(fallbackActionName);
        if (_fallbackIndex < 0)
        {
            throw new RasaFormatException(
                $"FallbackPolicy: fallback_action_name '{fallbackActionName}' is not an action of the domain");
        }

        _listenIndex = domain.IndexOfAction(DomainSpec.ActionListen);
        _actionCount = domain.ActionNames.Count;
        NluThreshold = nluThreshold;
        CoreThreshold = coreThreshold;
        FallbackActionName = fallbackActionName;
    }

    public string Name => PolicyName;

    public double NluThreshold { get; }

    public double CoreThreshold { get; }

    public string FallbackActionName { get; }

    public double[] Predict(Tracker tracker)
    {
        var scores = new double[_actionCount];
        if (tracker.LatestActionName == FallbackActionName)
        {
            scores[_listenIndex] = FallbackScore;
        }
        else if (LatestIntentConfidence(tracker) < NluThreshold || IsNluFallback(tracker))
        {
            scores[_fallbackIndex] = FallbackScore;
        }
        else
        {
            scores[_fallbackIndex] = CoreThreshold;
        }

        return scores;
    }

    private static bool IsNluFallback(Tracker tracker) =>
        tracker.LatestMessage["intent"] is JsonObject intent && intent["name"] is JsonValue name &&
        name.GetValueKind() == JsonValueKind.String && name.GetValue<string>() == DomainSpec.NluFallbackIntent;

    /// <summary>The latest message's intent confidence; 1.0 when the interpreter gave none (as Rasa).</summary>
    public static double LatestIntentConfidence(Tracker tracker) =>
        tracker.LatestMessage["intent"] is JsonObject intent && intent["confidence"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.GetValue<double>()
            : 1.0;

    public JsonObject ToJson() => new()
    {
        ["nlu_threshold"] = NluThreshold,
        ["core_threshold"] = CoreThreshold,
        ["fallback_action_name"] = FallbackActionName,
    };

    public static FallbackPolicy FromJson(DomainSpec domain, JsonObject json) => new(
        domain,
        json["nlu_threshold"]?.GetValue<double>() ?? DefaultNluThreshold,
        json["core_threshold"]?.GetValue<double>() ?? DefaultCoreThreshold,
        json["fallback_action_name"]?.GetValue<string>() ?? DomainSpec.ActionDefaultFallback);
}
