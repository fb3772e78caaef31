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
    public Task<PolicyResult?> PredictAsync(InProcessHandle model, InProcessHandle tracker)
    {
        if (model.Value is not LoadedBot bot || tracker.Value is not Tracker conversation)
        {
            // the handles crossed silos (this silo is not the caller's): the caller predicts itself
            return Task.FromResult<PolicyResult?>(null);
        }

        return Task.FromResult<PolicyResult?>(Predict(bot, conversation, metrics));
    }

    /// <summary>The ensemble's prediction, with its latency and fallbacks recorded.</summary>
    public static PolicyResult Predict(LoadedBot bot, Tracker conversation, RasaMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var prediction = bot.Dialogue.Ensemble.PredictWithPolicies(conversation);
        var tag = new KeyValuePair<string, object?>(RasaMetrics.BotTag, bot.BotId);
        metrics.PolicyLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
        metrics.Predictions.Add(1, tag);
        if (prediction.Action == DomainSpec.ActionDefaultFallback)
        {
            metrics.Fallbacks.Add(1, tag);
        }

        return new PolicyResult(prediction.Action, prediction.Confidence, prediction.Policy, prediction.Scores);
    }
}
