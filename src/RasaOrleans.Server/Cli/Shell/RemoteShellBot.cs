using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Cli.Shell;

/// <summary>
/// A running server's bot, through its REST channel (<c>POST /webhooks/rest/webhook</c>), as <c>rasa shell</c>
/// talks to a Rasa server.
/// </summary>
internal sealed class RemoteShellBot(HttpClient client, Uri server, string sender) : IShellBot
{
    public async Task<IReadOnlyList<JsonObject>> SendAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(new Uri(server, "webhooks/rest/webhook"),
            new JsonObject { ["sender"] = sender, ["message"] = text }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryParse(body) is JsonObject { } o && o["error"] is JsonValue v ? v.ToString() : body;
            throw new ShellBotException($"the server answered {(int)response.StatusCode}: {error}");
        }

        return TryParse(body) is JsonArray messages
            ? [.. messages.OfType<JsonObject>()]
            : throw new ShellBotException($"the server's answer is not a list of messages: {body}");
    }

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
