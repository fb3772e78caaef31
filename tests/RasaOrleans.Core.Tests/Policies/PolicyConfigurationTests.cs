using RasaOrleans.Core.Policies;

namespace RasaOrleans.Core.Tests.Policies;

public sealed class PolicyConfigurationTests
{
    [Fact]
    public void Yaml_config_with_policies_pipeline_and_language_is_read()
    {
        var config = PolicyConfiguration.Parse("""
            language: en
            pipeline:
              - name: tokenizer_whitespace
              - name: ner_crf
                features: [[low], [title]]
            policies:
              - name: KerasPolicy
                epochs: 200
                max_history: 5
                batch_size: 20
              - name: rasa_core.policies.memoization.MemoizationPolicy
                max_history: 4
              - name: FallbackPolicy
                nlu_threshold: 0.4
                core_threshold: 0.25
                fallback_action_name: utter_default
              - name: MlPolicy
            """, "config.yml");

        Assert.Equal("en", config.Language);
        Assert.Null(config.PipelineTemplate);
        Assert.Equal(["tokenizer_whitespace", "ner_crf"], config.Pipeline.Select(c => c.Name));
        Assert.True(config.Pipeline[1].Settings.ContainsKey("features"));
        Assert.Equal(["KerasPolicy", "MemoizationPolicy", "FallbackPolicy", "MlPolicy"], config.Policies.Select(p => p.Name));
        Assert.Equal(200, config.Policies[0].Epochs);
        Assert.Equal(5, config.Policies[0].MaxHistory);
        Assert.Equal(20, (int)config.Policies[0].Settings["batch_size"]!);
        Assert.Equal(4, config.Policies[1].MaxHistory);
        Assert.Equal(0.4, config.Policies[2].NluThreshold);
        Assert.Equal(0.25, config.Policies[2].CoreThreshold);
        Assert.Equal("utter_default", config.Policies[2].FallbackActionName);
        Assert.Null(config.Policies[3].MaxHistory);
    }

    [Fact]
    public void Pipeline_template_name_is_read()
    {
        var config = PolicyConfiguration.Parse("pipeline: \"spacy_sklearn\"\n");

        Assert.Equal("spacy_sklearn", config.PipelineTemplate);
        Assert.Empty(config.Pipeline);
        Assert.Equal(PolicyConfiguration.Default.Policies, config.Policies);
    }

    [Fact]
    public void Rasa_nlu_json_config_is_read()
    {
        var config = PolicyConfiguration.Parse("""
            {
              "pipeline": ["nlp_spacy", "tokenizer_spacy", "ner_crf"],
              "path" : "./models",
              "project": "nlu",
              "data" : "./data/franken_data.json"
            }
            """, "nlu_model_config.json");

        Assert.Equal(["nlp_spacy", "tokenizer_spacy", "ner_crf"], config.Pipeline.Select(c => c.Name));
        Assert.Equal("nlu", (string)config.OtherSettings["project"]!);
    }

    [Fact]
    public void Default_is_augmented_memoization_then_the_ml_policy_then_fallback()
    {
        var policies = PolicyConfiguration.Default.Policies;

        Assert.Equal(["AugmentedMemoizationPolicy", "MlPolicy", "FallbackPolicy"], policies.Select(p => p.Name));
        Assert.Equal(3, policies[0].MaxHistory);
        Assert.Equal(5, policies[1].MaxHistory);
        Assert.Equal(0.3, policies[2].NluThreshold);
        Assert.Equal(0.3, policies[2].CoreThreshold);
        Assert.Equal("action_default_fallback", policies[2].FallbackActionName);
        Assert.Same(PolicyConfiguration.Default, PolicyConfiguration.Parse(""));
    }

    [Fact]
    public void Unknown_policy_is_an_error_naming_the_known_ones()
    {
        var ex = Assert.Throws<RasaFormatException>(() => PolicyConfiguration.Parse("""
            policies:
              - name: MemoizationPolicy
              - name: TEDPolicy
            """, "config.yml"));

        Assert.Equal(3, ex.Line);
        Assert.Contains("unknown policy 'TEDPolicy'", ex.Problem, StringComparison.Ordinal);
        foreach (var known in PolicyConfiguration.KnownPolicyNames)
        {
            Assert.Contains(known, ex.Problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("policies: MemoizationPolicy\n", 1, "'policies' must be a list")]
    [InlineData("policies:\n  - max_history: 3\n", 2, "has no 'name'")]
    [InlineData("policies: []\n", 1, "empty")]
    [InlineData("policies:\n  - name: MemoizationPolicy\n    max_history: lots\n", 2, "'max_history' must be a number")]
    [InlineData("pipeline:\n  key: value\n", 2, "'pipeline' must be")]
    [InlineData("- a\n- b\n", 1, "must be a map")]
    public void Malformed_config_is_an_error_with_its_line(string yaml, int line, string fragment)
    {
        var ex = Assert.Throws<RasaFormatException>(() => PolicyConfiguration.Parse(yaml, "config.yml"));

        Assert.Equal(line, ex.Line);
        Assert.Contains(fragment, ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rasa_core.policies.memoization.AugmentedMemoizationPolicy", "AugmentedMemoizationPolicy")]
    [InlineData("rasa_core.policies.keras_policy.KerasPolicy", "KerasPolicy")]
    [InlineData("SklearnPolicy", "SklearnPolicy")]
    [InlineData("rasa_core.policies.Unknown", null)]
    public void Class_paths_resolve_to_short_names(string written, string? expected) =>
        Assert.Equal(expected, PolicyConfiguration.ResolvePolicyName(written));

    [SharedTheory]
    [InlineData("v0.9.3/moodbot/nlu_model_config.yml")]
    [InlineData("v0.9.3/restaurantbot/nlu_model_config.yml")]
    [InlineData("v0.7.0/babi/data/config_nlu.json")]
    [InlineData("v0.7.0/remote/data/config_nlu.json")]
    [InlineData("v0.7.9/restaurantbot/nlu_model_config.json")]
    [InlineData("v0.8.6/moodbot/nlu_model_config.json")]
    public void Example_nlu_configs_load(string file)
    {
        var config = PolicyConfiguration.Load(SharedFixtures.RasaCorePath(file));

        Assert.True(config.PipelineTemplate is not null || config.Pipeline.Count > 0);
    }
}
