namespace RasaOrleans.Core.Events;

/// <summary>Pauses the bot until a restart intent or a resume.</summary>
public sealed record ConversationPaused : Event
{
    public const string Type = "pause";

    public override string TypeName => Type;
}
