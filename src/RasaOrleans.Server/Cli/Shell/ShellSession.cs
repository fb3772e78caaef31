using System.Globalization;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Cli.Shell;

/// <summary>
/// The chat loop of <c>shell</c>: reads a line, sends it, prints the bot's messages (texts, numbered buttons,
/// images) until <c>/stop</c> or the end of the input. Typing a button's number sends its payload.
/// </summary>
internal sealed class ShellSession(IShellBot bot, TextReader input, TextWriter output)
{
    public const string StopCommand = "/stop";

    private const string Prompt = "Your input -> ";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"Type a message and press Enter ({StopCommand} or end of input to quit).");
        IReadOnlyList<JsonObject> buttons = [];
        while (!cancellationToken.IsCancellationRequested)
        {
            output.Write(Prompt);
            output.Flush();
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() == StopCommand)
            {
                output.WriteLine();
                return;
            }

            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var choice) && choice >= 1 && choice <= buttons.Count)
            {
                text = buttons[choice - 1]["payload"]?.ToString() ?? text;
            }

            IReadOnlyList<JsonObject> messages;
            try
            {
                messages = await bot.SendAsync(text, cancellationToken);
            }
            catch (ShellBotException e)
            {
                output.WriteLine($"error: {e.Message}");
                continue;
            }

            buttons = [];
            foreach (var message in messages)
            {
                buttons = Print(message) is { Count: > 0 } shown ? shown : buttons;
            }
        }
    }

    private List<JsonObject> Print(JsonObject message)
    {
        if (message["text"]?.ToString() is { } text)
        {
            output.WriteLine(text);
        }

        if (message["image"]?.ToString() is { } image)
        {
            output.WriteLine($"Image: {image}");
        }

        var buttons = message["buttons"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [];
        for (var i = 0; i < buttons.Count; i++)
        {
            output.WriteLine($"  {i + 1}: {buttons[i]["title"]} ({buttons[i]["payload"]})");
        }

        return buttons;
    }
}
