namespace RasaOrleans.Core.Events;

/// <summary>Resumes a paused conversation.</summary>
public sealed record ConversationResumed : Event
{
    public const string Type = "resume";

    public override string TypeName => Type;
}
