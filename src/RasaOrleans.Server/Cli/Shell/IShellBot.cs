using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Cli.Shell;

/// <summary>A bot the shell talks to: one user message in, the bot's messages out in Rasa's channel shape.</summary>
internal interface IShellBot
{
    /// <summary>
    /// Sends <paramref name="text"/> and returns the bot's answers, each <c>{"text", "buttons"?}</c> or
    /// <c>{"image"}</c> (what the REST channel answers).
    /// </summary>
    Task<IReadOnlyList<JsonObject>> SendAsync(string text, CancellationToken cancellationToken);
}
