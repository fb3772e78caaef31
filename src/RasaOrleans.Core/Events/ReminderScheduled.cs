namespace RasaOrleans.Core.Events;

/// <summary>A reminder to run <c>Action</c> at <c>DateTime</c> (ISO 8601); recorded only.</summary>
public sealed record ReminderScheduled(string Action, string DateTime, string Name, bool KillOnUserMessage) : Event
{
    public const string Type = "reminder";

    public override string TypeName => Type;
}
