using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>A message the bot sent.</summary>
public sealed record BotUttered(string? Text, JsonNode? Data) : Event
{
    public const string Type = "bot";

    public override string TypeName => Type;
}
