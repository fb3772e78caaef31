using System.Net;
using System.Text.Json.Nodes;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Tests.Actions;

/// <summary>The endpoints and credentials files, and what the server does when the action server cannot be reached.</summary>
public sealed class ActionConfigurationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public void The_endpoints_file_gives_the_action_server_with_its_token_and_headers_and_environment_variables_are_replaced()
    {
        Environment.SetEnvironmentVariable("RASA_ORLEANS_TEST_ACTION_HOST", "actions.internal");
        var file = Write("endpoints.yml", """
            action_endpoint:
              url: "http://${RASA_ORLEANS_TEST_ACTION_HOST}:5055/webhook"
              token: abc
              headers:
                X-Team: bots
            models:
              url: http://models/x.tar.gz
            """);

        var endpoints = EndpointsFile.Read(file);
        var options = new Grains.Actions.ActionServerOptions();
        endpoints.ApplyTo(options);

        Assert.Equal(new Uri("http://actions.internal:5055/webhook"), options.Url);
        Assert.Equal("abc", options.Token);
        Assert.Equal("bots", options.Headers["x-team"]);
        Assert.Equal(["models"], endpoints.IgnoredSections);
    }

    [Theory]
    [InlineData("action_endpoint:\n  token: abc\n", "has no 'url'")]
    [InlineData("action_endpoint:\n  url: ftp://host/webhook\n", "must be an http(s) URL")]
    [InlineData("action_endpoint: http://host/webhook\n", "must be a mapping")]
    [InlineData("action_endpoint:\n  url: http://${RASA_ORLEANS_TEST_UNSET_VARIABLE}/webhook\n", "RASA_ORLEANS_TEST_UNSET_VARIABLE")]
    [InlineData("action_endpoint: [\n", "YAML")]
    [InlineData("- a\n- b\n", "mapping of sections")]
    public void A_mistake_in_the_endpoints_file_is_named(string yaml, string problem)
    {
        var file = Write("endpoints.yml", yaml);

        var error = Assert.Throws<ConfigurationFileException>(() => EndpointsFile.Read(file));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void The_credentials_file_lists_the_channels_served()
    {
        var none = CredentialsFile.Read(Write("credentials.yml", "socketio:\n  user_message_evt: x\n"));
        Assert.False(none.Rest);
        Assert.Null(none.CallbackUrl);
        Assert.Equal(["socketio"], none.IgnoredChannels);

        var both = CredentialsFile.Read(Write("both.yml", "rest:\ncallback:\n  url: http://localhost:5034/bot\n"));
        Assert.True(both.Rest);
        Assert.Equal(new Uri("http://localhost:5034/bot"), both.CallbackUrl);

        Assert.Contains("needs a 'url'", Assert.Throws<ConfigurationFileException>(() => CredentialsFile.Read(Write("bad.yml", "callback:\n  token: x\n"))).Message);
    }

    [Fact]
    public async Task Without_rest_in_the_credentials_file_the_rest_webhook_is_not_served()
    {
        await using var server = RasaServerFactory.WithSettings(new Dictionary<string, string?>
        {
            ["RasaOrleans:CoreModel"] = ShippedBots.Model("greetbot"),
            ["RasaOrleans:Credentials"] = Write("credentials.yml", "callback:\n  url: http://127.0.0.1:9/bot\n"),
        });
        var client = new RasaClient(server.CreateClient());

        var (status, body) = await client.PostAsync("/webhooks/rest/webhook", """{"sender": "a", "message": "/greet"}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("credentials file", body!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/webhooks/rest/")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/webhooks/callback/")).Status);
    }

    [Fact]
    public async Task An_action_server_that_refuses_connections_is_a_502_naming_it_and_the_user_message_is_kept()
    {
        var deadPort = FreeTcpPort.Next();
        await using var server = RasaServerFactory.WithSettings(new Dictionary<string, string?>
        {
            ["RasaOrleans:CoreModel"] = ConcertBot.Model,
            ["RasaOrleans:ActionServer:Url"] = $"http://127.0.0.1:{deadPort}/webhook",
        });
        var client = new RasaClient(server.CreateClient());

        var (status, body) = await client.PostAsync("/conversations/refused/respond", """{"query": "/search_concerts"}""");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("connection refused", body!["error"]!.GetValue<string>());
        Assert.Contains("action_search_concerts", body["error"]!.GetValue<string>());
        var tracker = await client.TrackerAsync("refused");
        Assert.Equal(["action", "user"], tracker["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));
    }

    [Fact]
    public void Run_with_a_broken_endpoints_file_says_why_and_exits_1()
    {
        var file = Write("endpoints.yml", "action_endpoint:\n  token: abc\n");
        using var server = ChildProcess.StartServer(_folder.Path, ["-d", ShippedBots.Model("greetbot"), "--endpoints", file]);

        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(60)), "the server did not stop");
        Assert.Equal(1, server.ExitCode);
        Assert.Contains($"error: endpoints file '{file}', action_endpoint has no 'url'.", server.Output);
    }

    [Fact]
    public async Task Without_an_action_server_a_custom_action_is_logged_and_produces_nothing_as_in_rasa()
    {
        await using var server = RasaServerFactory.WithSettings(new Dictionary<string, string?>
        {
            ["RasaOrleans:CoreModel"] = ConcertBot.Model,
        });
        var client = new RasaClient(server.CreateClient());

        var (status, body) = await client.PostAsync("/webhooks/rest/webhook", """{"sender": "no-actions", "message": "/search_concerts"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body!.AsArray());
        var events = (await client.TrackerAsync("no-actions"))["events"]!.AsArray();
        Assert.Equal("action_search_concerts", events[^2]!["name"]!.GetValue<string>());
    }

    public void Dispose() => _folder.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, text);
        return path;
    }
}
