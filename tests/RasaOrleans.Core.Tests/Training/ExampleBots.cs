namespace RasaOrleans.Core.Tests.Training;

/// <summary>
/// Every example bot and upstream test fixture in <c>shared/rasa-core</c> as a (domain, stories) pair, paths
/// relative to that folder.
/// </summary>
public static class ExampleBots
{
    public static IReadOnlyList<(string Name, string Domain, string Stories)> Pairs { get; } =
    [
        ("0.7.0 babi", "v0.7.0/restaurant_domain.yml", "v0.7.0/babi/data/babi_task5_dev_rasa_even_smaller.md"),
        ("0.7.0 babi persisted domain", "v0.7.0/babi/models/policy/current/domain.yml", "v0.7.0/babi/data/babi_task5_dev_rasa_even_smaller.md"),
        ("0.7.0 concerts", "v0.7.0/concerts/concert_domain.yml", "v0.7.9/concertbot/data/stories.md"),
        ("0.7.0 remote persisted domain", "v0.7.0/remote/models/current/domain.yml", "v0.7.9/remotebot/data/stories.md"),
        ("0.7.0 default domain", "v0.7.0/default_domain.yml", "test_fixtures/v0.7.9/dsl_stories/stories_defaultdomain.md"),
        ("0.7.9 moodbot", "v0.7.9/moodbot/domain.yml", "v0.7.9/moodbot/data/stories.md"),
        ("0.7.9 concertbot", "v0.7.9/concertbot/concert_domain.yml", "v0.7.9/concertbot/data/stories.md"),
        ("0.7.9 remotebot", "v0.7.9/remotebot/concert_domain_remote.yml", "v0.7.9/remotebot/data/stories.md"),
        ("0.7.9 restaurantbot", "v0.7.9/restaurantbot/restaurant_domain.yml", "v0.7.9/restaurantbot/data/babi_stories.md"),
        ("0.7.9 dsl fixture", "test_fixtures/v0.7.9/test_domains/default_with_slots.yml", "test_fixtures/v0.7.9/dsl_stories/stories.md"),
        ("0.7.9 topic fixture", "test_fixtures/v0.7.9/test_domains/default_with_topic.yml", "test_fixtures/v0.7.9/dsl_stories/stories_defaultdomain.md"),
        ("0.9.3 moodbot", "v0.9.3/moodbot/domain.yml", "v0.9.3/moodbot/data/stories.md"),
        ("0.9.3 concertbot", "v0.9.3/concertbot/concert_domain.yml", "v0.9.3/concertbot/data/stories.md"),
        ("0.9.3 remotebot", "v0.9.3/remotebot/concert_domain_remote.yml", "v0.9.3/remotebot/data/stories.md"),
        ("0.9.3 restaurantbot", "v0.9.3/restaurantbot/restaurant_domain.yml", "v0.9.3/restaurantbot/data/babi_stories.md"),
        ("0.9.3 stories fixture", "test_fixtures/v0.9.3/test_domains/default_with_slots.yml", "test_fixtures/v0.9.3/test_stories/stories.md"),
        ("0.9.3 default-domain fixture", "test_fixtures/v0.10.4/test_domains/default.yml", "test_fixtures/v0.9.3/test_stories/stories_defaultdomain.md"),
        ("0.9.3 multi-file fixture", "test_fixtures/v0.9.3/test_domains/default_with_slots.yml", "test_fixtures/v0.9.3/test_multifile_stories"),
        ("0.9.3 cycle fixture", "test_fixtures/v0.9.3/test_domains/default_with_slots.yml", "test_fixtures/v0.9.3/test_stories/stories_with_cycle.md"),
        // Default domains without the 'name' slot: the cycle through 'process_name{"name": null}' never exits.
        ("0.9.3 cycle fixture, 0.10.4 default domain", "test_fixtures/v0.10.4/test_domains/default.yml", "test_fixtures/v0.9.3/test_stories/stories_with_cycle.md"),
        ("0.9.3 cycle fixture, 0.7.0 default domain", "v0.7.0/default_domain.yml", "test_fixtures/v0.9.3/test_stories/stories_with_cycle.md"),
        ("0.9.3 babi small fixture", "v0.9.3/restaurantbot/restaurant_domain.yml", "test_fixtures/v0.9.3/test_stories/stories_babi_small.md"),
        ("0.9.3 topic fixture", "test_fixtures/v0.9.3/test_domains/default_with_topic.yml", "test_fixtures/v0.9.3/test_stories/stories_defaultdomain.md"),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var pair in Pairs)
        {
            data.Add(pair.Name);
        }

        return data;
    }
}
