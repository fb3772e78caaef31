namespace RasaOrleans.Core.Events;

/// <summary>Marks the start of a conversation session (later Rasa); recorded only.</summary>
public sealed record SessionStarted : Event
{
    public const string Type = "session_started";

    public override string TypeName => Type;
}
