using System.Diagnostics;
using RasaOrleans.Abstractions.Inference;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Grains.Models;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Grains.Inference;

/// <summary>
/// Runs a bot's policy ensemble on a conversation's tracker. Always local to the calling conversation grain,
/// which hands its tracker over by reference and waits for the answer, so the tracker is not shared while
/// this runs; the ensemble only reads it.
/// </summary>
[StatelessWorker]
public sealed class PolicyWorkerGrain(RasaMetrics metrics) : Grain, IPolicyGrain
{
    public Task<PolicyResult> PredictAsync(InProcessHandle model, InProcessHandle tracker)
    {
        var bot = model.Value as LoadedBot ?? throw new InvalidOperationException(
            $"policy worker got no model for {model.Label}: the handle crossed a silo boundary or holds the wrong type");
        if (tracker.Value is not Tracker conversation)
        {
            throw new InvalidOperationException(
                $"policy worker got no tracker for {tracker.Label}: the handle crossed a silo boundary or holds the wrong type");
        }

        var started = Stopwatch.GetTimestamp();
        var prediction = bot.Dialogue.Ensemble.PredictWithPolicies(conversation);
        var tag = new KeyValuePair<string, object?>("rasa.bot", bot.BotId);
        metrics.PolicyLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
        if (prediction.Action == DomainSpec.ActionDefaultFallback)
        {
            metrics.Fallbacks.Add(1, tag);
        }

        return Task.FromResult(new PolicyResult(prediction.Action, prediction.Confidence, prediction.Policy, prediction.Scores));
    }
}
