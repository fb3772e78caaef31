using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>Sets slot <c>Name</c> to <c>Value</c> (any JSON value).</summary>
public sealed record SlotSet(string Name, JsonNode? Value) : Event
{
    public const string Type = "slot";

    public override string TypeName => Type;
}
