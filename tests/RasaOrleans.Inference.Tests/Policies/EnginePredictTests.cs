using System.Text.Json.Nodes;
using RasaOrleans.Core.Conversations;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Training;
using RasaOrleans.Inference.Policies;

namespace RasaOrleans.Inference.Tests.Policies;

public sealed class EnginePredictTests
{
    private static readonly DomainSpec s_domain = DomainSpec.Parse("""
        intents:
          - greet
          - thanks
        actions:
          - utter_greet
          - utter_bye
        templates:
          utter_greet:
            - "hi"
          utter_bye:
            - "bye"
          utter_default:
            - "sorry?"
        """);

    private static readonly Lazy<PolicyEnsemble> s_ensemble = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "rasa-orleans-engine-" + Guid.NewGuid().ToString("N") + ".md");
        File.WriteAllText(path, "## greet\n* greet\n  - utter_greet\n* thanks\n  - utter_bye\n");
        try
        {
            var policies = new DialogueTrainer(s_domain, PolicyConfiguration.Default, TextWriter.Null, InferencePolicies.Catalog)
                .Train(StoryReader.ReadFile(path));
            return new PolicyEnsemble(s_domain, policies);
        }
        finally
        {
            File.Delete(path);
        }
    });

    [Theory]
    [InlineData("thanks", 1.0, "AugmentedMemoizationPolicy", "utter_bye")]
    [InlineData("greet", 0.1, "FallbackPolicy", "action_default_fallback")]
    public async Task Predict_returns_the_ensemble_scores_and_leaves_the_tracker_unchanged(
        string intent, double confidence, string policy, string best)
    {
        var engine = Engine();
        var tracker = engine.NewTracker("predict");
        engine.LogUserMessage(tracker, "/greet", Parse("greet", 1.0));
        tracker.Update(new Core.Events.ActionExecuted("utter_greet"));
        tracker.Update(new Core.Events.ActionExecuted("action_listen"));
        engine.LogUserMessage(tracker, "/" + intent, Parse(intent, confidence));
        var before = tracker.CurrentState(EventVerbosity.All).ToJsonString();

        var outcome = await engine.PredictAsync(tracker);

        Assert.Equal(200, outcome.Status);
        Assert.Equal(before, tracker.CurrentState(EventVerbosity.All).ToJsonString());
        Assert.Equal(policy, outcome.Body["policy"]!.GetValue<string>());
        var scores = outcome.Body["scores"]!.AsArray().Select(s => (Action: s!["action"]!.GetValue<string>(), Score: s["score"]!.GetValue<double>())).ToList();
        Assert.Equal(s_domain.ActionNames, scores.Select(s => s.Action));
        Assert.Equal(best, scores.MaxBy(s => s.Score).Action);
        Assert.Equal(s_ensemble.Value.PredictWithPolicies(tracker).Scores, scores.Select(s => s.Score));
    }

    private static ConversationEngine Engine() => new(
        s_domain,
        text => ValueTask.FromResult(Parse(text.TrimStart('/'), 1.0)),
        tracker => ValueTask.FromResult(s_ensemble.Value.PredictWithPolicies(tracker)),
        TimeProvider.System);

    private static JsonObject Parse(string intent, double confidence) => new()
    {
        ["text"] = "/" + intent,
        ["intent"] = new JsonObject { ["name"] = intent, ["confidence"] = confidence },
        ["entities"] = new JsonArray(),
        ["intent_ranking"] = new JsonArray(new JsonObject { ["name"] = intent, ["confidence"] = confidence }),
    };
}
