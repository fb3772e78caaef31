using System.Text.Json.Nodes;
using RasaOrleans.Server.Cli;
using RasaOrleans.Server.Cli.Shell;

namespace RasaOrleans.Server.Tests;

/// <summary><c>shell</c> as a user drives it: lines on standard input, the bot's messages on standard output.</summary>
public sealed class ShellCommandTests(RasaServerFactory server) : IClassFixture<RasaServerFactory>
{
    private static (int Code, string Output, string Error) Shell(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(["shell", .. args], output, error, new StringReader(input));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Chats_with_the_shipped_greetbot_in_process_until_stop()
    {
        // "1" picks the first button of the greeting (/mood_great); "hello there" goes through the NLU model.
        var (code, output, error) = Shell("/greet\n1\nhello there\n/stop\n/goodbye\n", "--model", ShippedBots.Model("greetbot"));

        Assert.Equal("", error);
        Assert.Equal(0, code);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var greeting = lines.FindIndex(l => l.EndsWith("Hey! How are you?", StringComparison.Ordinal));
        Assert.True(greeting >= 0, output);
        Assert.Equal("  1: great (/mood_great)", lines[greeting + 1]);
        Assert.Equal("  2: super sad (/mood_unhappy)", lines[greeting + 2]);
        Assert.Matches("(Great, carry on!|Glad to hear it!)", lines[greeting + 3]);
        Assert.EndsWith("Hey! How are you?", lines[greeting + 4], StringComparison.Ordinal);
        Assert.DoesNotContain("Bye", output, StringComparison.Ordinal);             // nothing after /stop is sent
        Assert.DoesNotContain("See you soon!", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_end_of_the_input_ends_the_shell_and_images_are_shown()
    {
        var (code, output, _) = Shell("/mood_unhappy", "--model", ShippedBots.Model("greetbot"));

        Assert.Equal(0, code);
        Assert.Contains("Here is something to cheer you up:", output, StringComparison.Ordinal);
        Assert.Contains("Image: https://picsum.photos/id/237/300/200", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_exits_1_naming_it()
    {
        var (code, _, error) = Shell("/greet\n", "--model", "/no/such/model");

        Assert.Equal(1, code);
        Assert.Contains("/no/such/model", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_and_model_together_are_a_usage_error()
    {
        var (code, _, error) = Shell("", "--url", "http://localhost:5005", "--model", "m");

        Assert.Equal(CommandLine.UsageError, code);
        Assert.Contains("--url", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chats_with_a_running_server_through_its_rest_channel()
    {
        using var client = server.CreateClient();
        var output = new StringWriter();
        var bot = new RemoteShellBot(client, client.BaseAddress!, "shell-remote");

        await new ShellSession(bot, new StringReader("/greet\n2\n"), output).RunAsync(CancellationToken.None);

        Assert.Contains("Hey! How are you?\n  1: great (/mood_great)\n  2: super sad (/mood_unhappy)\n", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Image: https://picsum.photos/id/237/300/200", output.ToString(), StringComparison.Ordinal);
        var tracker = JsonNode.Parse(await client.GetStringAsync(new Uri("/conversations/shell-remote/tracker", UriKind.Relative)))!;
        var texts = tracker["events"]!.AsArray().Where(e => (string?)e!["event"] == "user").Select(e => (string?)e!["text"]);
        Assert.Equal(["/greet", "/mood_unhappy"], texts); // the button's payload was sent
    }

    [Fact]
    public async Task A_server_error_is_shown_and_the_shell_goes_on()
    {
        using var client = server.CreateClient();
        var output = new StringWriter();
        var bot = new RemoteShellBot(client, client.BaseAddress!, new string('x', 600)); // an id the server refuses

        await new ShellSession(bot, new StringReader("/greet\n/greet\n"), output).RunAsync(CancellationToken.None);

        Assert.Equal(2, output.ToString().Split("error: the server answered 400").Length - 1);
    }
}
