using System.Collections.Concurrent;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// Models trained from <c>../shared/rasa-core</c> (moodbot, remotebot, restaurantbot from 0.9.3, and the 0.10.4
/// default test domain with a one-story file) into a temp folder, and one server per model, started on first
/// use. Does nothing when the shared folder is absent (the tests using it are skipped).
/// </summary>
public sealed class ExampleBotServers : IAsyncLifetime
{
    private readonly TempDirectory _models = new();
    private readonly ConcurrentDictionary<string, string> _modelDirectories = new();
    private readonly ConcurrentDictionary<string, RasaServerFactory> _servers = new();

    public const string Moodbot = "moodbot";
    public const string Remotebot = "remotebot";
    public const string Restaurantbot = "restaurantbot";
    public const string DefaultDomain = "default-domain";

    public async Task InitializeAsync()
    {
        if (!SharedFixtures.IsPresent)
        {
            return;
        }

        string Shared(string relative) => SharedFixtures.RasaCorePath(relative);
        var storyFolder = Path.Combine(_models.Path, "default-domain-stories");
        Directory.CreateDirectory(storyFolder);
        var trivialStories = Path.Combine(storyFolder, "stories.md");
        await File.WriteAllTextAsync(trivialStories, "## greet\n* greet\n  - utter_greet\n\n## bye\n* goodbye\n  - utter_goodbye\n");

        (string Name, string Domain, string Stories)[] bots =
        [
            (Moodbot, Shared("v0.9.3/moodbot/domain.yml"), Shared("v0.9.3/moodbot/data/stories.md")),
            (Remotebot, Shared("v0.9.3/remotebot/concert_domain_remote.yml"), Shared("v0.9.3/remotebot/data/stories.md")),
            (Restaurantbot, Shared("v0.9.3/restaurantbot/restaurant_domain.yml"), Shared("v0.9.3/restaurantbot/data/babi_stories.md")),
            (DefaultDomain, Shared("test_fixtures/v0.10.4/test_domains/default.yml"), trivialStories),
        ];
        await Task.WhenAll(bots.Select(bot => Task.Run(() =>
            _modelDirectories[bot.Name] = TrainedModels.Train(bot.Domain, bot.Stories, Path.Combine(_models.Path, bot.Name)))));
    }

    /// <summary>A running server serving <paramref name="bot"/>'s model.</summary>
    public RasaServerFactory Server(string bot) => _servers.GetOrAdd(bot, name =>
    {
        var server = RasaServerFactory.WithSettings(new Dictionary<string, string?> { ["RasaOrleans:CoreModel"] = _modelDirectories[name] });
        _ = server.Server;
        return server;
    });

    public RasaClient Client(string bot) => new(Server(bot).CreateClient());

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }

        _models.Dispose();
    }
}
