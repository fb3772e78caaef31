using System.Globalization;

namespace RasaOrleans.Server.Tests.Actions;

/// <summary>
/// The test action server as a real process, and two real server processes that use it through
/// <c>--endpoints</c> and <c>--credentials</c>: the concertbot-like bot and the shipped restaurantbot.
/// </summary>
public sealed class ActionBots : IAsyncLifetime
{
    public const string ActionToken = "s3cret action token";

    /// <summary>How long the servers wait for one action (the slow action takes longer).</summary>
    public const int ActionTimeoutSeconds = 5;

    private readonly TempDirectory _folder = new();
    private string[] _concertsArgs = [];
    private string _concertsData = "";

    public ChildProcess ActionServer { get; private set; } = null!;

    public ChildProcess Concerts { get; private set; } = null!;

    public ChildProcess Restaurants { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var model = ConcertBot.Model;
        var concertsPort = FreeTcpPort.Next();
        var actionPort = FreeTcpPort.Next();
        ActionServer = ChildProcess.Start(ChildProcess.ActionServerDll(), actionPort, _folder.Path,
            ["--urls", $"http://127.0.0.1:{actionPort}"],
            new Dictionary<string, string>
            {
                ["ACTION_TOKEN"] = ActionToken,
                ["RASA_URL"] = $"http://127.0.0.1:{concertsPort}",
                ["SLOW_ACTION_SECONDS"] = "15",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            });

        var endpoints = Path.Combine(_folder.Path, "endpoints.yml");
        File.WriteAllText(endpoints, $"""
            action_endpoint:
              url: "http://127.0.0.1:{actionPort}/webhook"
              token: "{ActionToken}"
            tracker_store:
              type: SQL
              dialect: "sqlite"
            """);
        var credentials = Path.Combine(_folder.Path, "credentials.yml");
        File.WriteAllText(credentials, $"""
            rest:
            callback:
              url: "http://127.0.0.1:{actionPort}/callback"
            slack:
              slack_token: "xoxb-not-used"
            """);

        var timeout = $"--RasaOrleans:ActionServer:Timeout=00:00:{ActionTimeoutSeconds:00}";
        _concertsData = Directory.CreateDirectory(Path.Combine(_folder.Path, "concerts")).FullName;
        _concertsArgs = ["-d", model, "--endpoints", endpoints, "--credentials", credentials, timeout, $"--RasaOrleans:ReminderPeriodSeconds={ReminderPeriodSeconds}"];
        Concerts = StartOn(concertsPort, _concertsData, _concertsArgs);
        var restaurantsData = Directory.CreateDirectory(Path.Combine(_folder.Path, "restaurants")).FullName;
        Restaurants = ChildProcess.StartServer(restaurantsData, ["-d", ShippedBots.Model("restaurantbot"), "--endpoints", endpoints, timeout]);

        await ActionServer.WaitUntilReadyAsync("/health", TimeSpan.FromSeconds(60));
        await Concerts.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(90));
        await Restaurants.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(90));
    }

    /// <summary>The concerts server's reminder period (how soon a due reminder is tried again, e.g. after a restart).</summary>
    public const int ReminderPeriodSeconds = 3;

    /// <summary>Kills the concerts server (SIGKILL, as <c>kill -9</c>) and starts it again on its port and data.</summary>
    public async Task KillAndRestartConcertsAsync()
    {
        var port = Concerts.Port;
        Concerts.Dispose();
        Concerts = StartOn(port, _concertsData, _concertsArgs);
        await Concerts.WaitUntilReadyAsync("/health/ready", TimeSpan.FromSeconds(90));
    }

    public Task DisposeAsync()
    {
        Concerts?.Dispose();
        Restaurants?.Dispose();
        ActionServer?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    // the concerts server's port is chosen first: the action server calls it back
    private static ChildProcess StartOn(int port, string dataDirectory, string[] args) =>
        ChildProcess.Start(typeof(Program).Assembly.Location, port, dataDirectory,
            ["run", "-p", port.ToString(CultureInfo.InvariantCulture), "--data", dataDirectory, .. args],
            new Dictionary<string, string>
            {
                ["RasaOrleans__SiloPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
                ["RasaOrleans__GatewayPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            });
}
