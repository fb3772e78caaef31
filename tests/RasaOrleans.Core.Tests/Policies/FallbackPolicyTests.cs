using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Tests.Policies;

public sealed class FallbackPolicyTests
{
    private static readonly DomainSpec s_domain = DomainSpec.Parse("""
        intents:
          - greet
        actions:
          - utter_greet
        templates:
          utter_greet:
            - "hi"
          utter_default:
            - "sorry?"
        """);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.29)]
    public void Fallback_fires_below_the_nlu_threshold_even_against_a_certain_policy(double confidence)
    {
        var ensemble = new PolicyEnsemble(s_domain, [new Fixed("Certain", "utter_greet", 1.0), new FallbackPolicy(s_domain)]);

        var prediction = ensemble.PredictNextAction(TrackerAfterGreet(confidence));

        Assert.Equal("action_default_fallback", prediction.Action);
        Assert.Equal(FallbackPolicy.PolicyName, prediction.Policy);
        Assert.Equal(1.1, prediction.Confidence);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Fallback_does_not_fire_at_or_above_the_nlu_threshold(double confidence)
    {
        var ensemble = new PolicyEnsemble(s_domain, [new Fixed("Certain", "utter_greet", 0.8), new FallbackPolicy(s_domain)]);

        var prediction = ensemble.PredictNextAction(TrackerAfterGreet(confidence));

        Assert.Equal("utter_greet", prediction.Action);
        Assert.Equal("Certain", prediction.Policy);
    }

    [Fact]
    public void Fallback_wins_when_no_policy_is_more_confident_than_the_core_threshold()
    {
        var ensemble = new PolicyEnsemble(s_domain, [new Fixed("Unsure", "utter_greet", 0.25), new FallbackPolicy(s_domain, coreThreshold: 0.3)]);

        var prediction = ensemble.PredictNextAction(TrackerAfterGreet(0.95));

        Assert.Equal("action_default_fallback", prediction.Action);
        Assert.Equal(0.3, prediction.Confidence);
    }

    [Fact]
    public void After_the_fallback_action_ran_it_answers_action_listen()
    {
        var tracker = TrackerAfterGreet(0.1);
        tracker.Update(new ActionExecuted(DomainSpec.ActionDefaultFallback));

        var scores = new FallbackPolicy(s_domain).Predict(tracker);

        Assert.Equal(1.1, scores[s_domain.IndexOfAction(DomainSpec.ActionListen)]);
        Assert.Equal(1.1, scores.Max());
    }

    [Fact]
    public void Custom_thresholds_and_fallback_action_are_used()
    {
        var policy = new FallbackPolicy(s_domain, nluThreshold: 0.5, coreThreshold: 0.2, fallbackActionName: "utter_greet");

        var low = policy.Predict(TrackerAfterGreet(0.45));
        var high = policy.Predict(TrackerAfterGreet(0.55));

        Assert.Equal(1.1, low[s_domain.IndexOfAction("utter_greet")]);
        Assert.Equal(0.2, high[s_domain.IndexOfAction("utter_greet")]);
    }

    [Fact]
    public void An_unknown_fallback_action_is_an_error()
    {
        var ex = Assert.Throws<RasaFormatException>(() => new FallbackPolicy(s_domain, fallbackActionName: "action_nope"));

        Assert.Contains("action_nope", ex.Message);
    }

    [Fact]
    public void Settings_survive_persistence()
    {
        var policy = new FallbackPolicy(s_domain, 0.4, 0.25, "utter_greet");

        var restored = FallbackPolicy.FromJson(s_domain, policy.ToJson());

        Assert.Equal((0.4, 0.25, "utter_greet"), (restored.NluThreshold, restored.CoreThreshold, restored.FallbackActionName));
    }

    [Fact]
    public void Nlu_fallback_from_the_fallback_classifier_fires_the_fallback_above_the_nlu_threshold()
    {
        var ensemble = new PolicyEnsemble(s_domain, [new Fixed("Certain", "utter_greet", 1.0), new FallbackPolicy(s_domain)]);

        var prediction = ensemble.PredictNextAction(TrackerAfterGreet(0.7, DomainSpec.NluFallbackIntent));

        Assert.Equal("action_default_fallback", prediction.Action);
        Assert.Equal(FallbackPolicy.PolicyName, prediction.Policy);
    }

    private static Tracker TrackerAfterGreet(double confidence, string intent = "greet")
    {
        var tracker = new Tracker("fallback", s_domain.Slots);
        tracker.Update(new ActionExecuted(DomainSpec.ActionListen));
        tracker.Update(new UserUttered("hello", new JsonObject
        {
            ["text"] = "hello",
            ["intent"] = new JsonObject { ["name"] = intent, ["confidence"] = confidence },
            ["entities"] = new JsonArray(),
        }));
        return tracker;
    }

    /// <summary>A policy that always gives one action the same score.</summary>
    private sealed class Fixed(string name, string action, double score) : IDialoguePolicy
    {
        public string Name => name;

        public double[] Predict(Tracker tracker)
        {
            var scores = new double[s_domain.ActionNames.Count];
            scores[s_domain.IndexOfAction(action)] = score;
            return scores;
        }
    }
}
