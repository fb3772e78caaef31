using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Conversations;

/// <summary>
/// The answer to one conversation request: a status (200, or 4xx for a client mistake), the JSON body, and
/// how many events were appended to the tracker (0 for a mistake: nothing changes).
/// </summary>
public sealed record TurnOutcome(int Status, JsonNode Body, int AppendedEvents, bool Replaced = false)
{
    public static TurnOutcome BadRequest(string message) => new(400, new JsonObject { ["error"] = message }, 0);
}
