using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Conversations;

/// <summary>
/// The answer to one conversation request: a status (200, or 4xx for a client mistake), the JSON body, and
/// how many events were appended to the tracker (0 for a mistake: nothing changes). <paramref name="KeepEvents"/>:
/// a failure after part of the request was done (an action server that failed): the events appended before the
/// failing step are stored even though the status is not a success.
/// </summary>
public sealed record TurnOutcome(int Status, JsonNode Body, int AppendedEvents, bool Replaced = false, bool KeepEvents = false)
{
    public static TurnOutcome BadRequest(string message) => new(400, new JsonObject { ["error"] = message }, 0);
}
