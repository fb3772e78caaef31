using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>A human agent's message; no effect on the state.</summary>
public sealed record AgentUttered(string? Text, JsonNode? Data) : Event
{
    public const string Type = "agent";

    public override string TypeName => Type;
}
