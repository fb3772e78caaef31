using System.CommandLine;
using RasaOrleans.Core;
using RasaOrleans.Server.Cli.Shell;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// <c>shell [--model DIR] [--nlu DIR] | --url URL</c>: chat with the bot in the terminal, like <c>rasa shell</c>:
/// with a model run in this process (nothing is stored), or with a running server through its REST channel.
/// Exit codes: 0 after <c>/stop</c> or the end of the input, 1 when the model cannot be loaded or the server
/// cannot be reached, 2 for a bad command line.
/// </summary>
public static class ShellCommand
{
    /// <summary>The <c>shell</c> command, reading the user's lines from <paramref name="input"/>.</summary>
    internal static Command Create(TextReader input)
    {
        var model = new Option<string>("--model", "-m", "-d")
        {
            Description = "dialogue model directory to chat with in this process [default: the shipped greetbot]",
            HelpName = "DIR",
        };
        var nlu = new Option<string>("--nlu", "-u") { Description = "NLU model: its folder, or a model directory with nlu/ [default: the model's nlu/]", HelpName = "DIR" };
        var url = new Option<Uri>("--url")
        {
            Description = "chat with a running server instead, e.g. http://localhost:5005 (its REST channel)",
            HelpName = "URL",
            CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Invalid(result, $"--url: '{result.Tokens[0].Value}' is not an http(s) URL"),
        };
        var sender = new Option<string>("--sender") { Description = "the conversation id [default: a new one per session]", HelpName = "ID" };
        var command = new Command("shell", "Chat with the bot in the terminal: a local model, or a running server with --url.")
        {
            model, nlu, url, sender,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(url) is not null && (result.GetResult(model) is not null || result.GetResult(nlu) is not null))
            {
                result.AddError("--url talks to a server's model; leave out --model and --nlu");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            var conversation = parsed.GetValue(sender) ?? $"shell-{Guid.NewGuid():N}";
            if (parsed.GetValue(url) is { } server)
            {
                using var client = new HttpClient();
                var remote = new RemoteShellBot(client, WithSlash(server), conversation);
                output.WriteLine($"Chatting with {server} as '{conversation}'.");
                try
                {
                    await new ShellSession(remote, input, output).RunAsync(cancellationToken);
                    return 0;
                }
                catch (HttpRequestException e)
                {
                    error.WriteLine($"error: cannot reach {server}: {e.Message}");
                    return 1;
                }
            }

            LocalShellBot local;
            try
            {
                local = LocalShellBot.Load(parsed.GetValue(model) ?? ModelLoaderService.DefaultModelDirectory, parsed.GetValue(nlu), conversation);
            }
            catch (RasaFormatException e)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }

            output.WriteLine($"Chatting with {local.Description}.");
            await new ShellSession(local, input, output).RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Uri? Invalid(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static Uri WithSlash(Uri server) =>
        server.AbsolutePath.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
}
