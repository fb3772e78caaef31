using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;

namespace RasaOrleans.Core.Tests.Domain;

public sealed class SharedDomainTests
{
    /// <summary>Every domain of the example bots and upstream fixtures, relative to shared/rasa-core.</summary>
    public static List<string> DomainFileList()
    {
        var root = SharedFixtures.RasaCore;
        return Directory.EnumerateFiles(root, "*domain*.yml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(root, "*.yml", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "test_domains"))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static TheoryData<string> DomainFiles()
    {
        // a skipped theory still asks for its data; give it one row so the skip is reported, not "no data"
        return SharedFixtures.IsPresent ? new TheoryData<string>(DomainFileList()) : new TheoryData<string>("(absent)");
    }

    [SharedFact]
    public void The_example_domains_are_all_found()
    {
        var files = DomainFileList();
        Assert.Contains("v0.9.3/moodbot/domain.yml", files);
        Assert.Contains("test_fixtures/v0.10.4/test_domains/default.yml", files);
        Assert.Contains("v0.7.0/remote/models/current/domain.yml", files);
        Assert.True(files.Count >= 18, $"found only {files.Count} domain files");
    }

    [SharedTheory]
    [MemberData(nameof(DomainFiles))]
    public void Example_domain_loads_and_survives_the_persisted_round_trip(string file)
    {
        var domain = DomainSpec.Load(SharedFixtures.RasaCorePath(file));
        Assert.NotEmpty(domain.Intents);
        Assert.Equal(DomainSpec.ActionListen, domain.ActionNames[0]);

        var reloaded = DomainSpec.Parse(domain.ToPersistedYaml(), "persisted " + file);

        Assert.True(JsonNode.DeepEquals(domain.ToJson(), reloaded.ToJson()),
            $"{domain.ToJson().ToJsonString()}\n!=\n{reloaded.ToJson().ToJsonString()}");
        Assert.Equal(domain.ActionNames, reloaded.ActionNames);
        Assert.Equal(domain.StateFeatureNames, reloaded.StateFeatureNames);
        Assert.Equal(domain.Topics, reloaded.Topics);
        Assert.Equal(domain.Fingerprint, reloaded.Fingerprint);
    }

    [SharedTheory]
    [InlineData("v0.7.0/remote/models/current")]
    [InlineData("v0.7.0/babi/models/policy/current")]
    public void Persisted_0_7_model_feature_list_matches_ours_apart_from_the_later_fallback_action(string modelDir)
    {
        var domain = DomainSpec.Load(SharedFixtures.RasaCorePath(modelDir + "/domain.yml"));
        var persisted = JsonNode.Parse(File.ReadAllText(SharedFixtures.RasaCorePath(modelDir + "/domain.json")))!;
        var expected = persisted["features"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

        // 0.7 had only action_listen and action_restart built in; action_default_fallback arrived in 0.10
        var ours = domain.StateFeatureNames.Where(f => f != "prev_" + DomainSpec.ActionDefaultFallback).ToList();

        Assert.Equal(expected, ours);
    }

    [SharedFact]
    public void Fixture_default_domain_serves_the_spec_domain_json()
    {
        var domain = DomainSpec.Load(SharedFixtures.RasaCorePath("test_fixtures/v0.10.4/test_domains/default.yml"));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(DomainSpecTests.SpecDomainJson), domain.ToJson()));
    }

    [SharedFact]
    public void Concertbot_class_path_actions_get_snake_case_names()
    {
        var domain = DomainSpec.Load(SharedFixtures.RasaCorePath("v0.9.3/concertbot/concert_domain.yml"));

        Assert.Equal(
            ["action_listen", "action_restart", "action_default_fallback", "utter_default", "utter_greet",
                "utter_goodbye", "utter_youarewelcome", "action_search_concerts", "action_search_venues",
                "action_show_concert_reviews", "action_show_venue_reviews"],
            domain.ActionNames);
        Assert.Equal("actions.ActionSearchConcerts", domain.ActionEntries[4]);
    }
}
