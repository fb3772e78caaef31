using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>A user message with what the interpreter made of it (<c>parse_data</c>).</summary>
public sealed record UserUttered(string? Text, JsonObject ParseData) : Event
{
    public const string Type = "user";

    public override string TypeName => Type;
}
