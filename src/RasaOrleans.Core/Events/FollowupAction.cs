namespace RasaOrleans.Core.Events;

/// <summary>Schedules <c>Name</c> as the next action (0.11).</summary>
public sealed record FollowupAction(string Name) : Event
{
    public const string Type = "followup";

    public override string TypeName => Type;
}
