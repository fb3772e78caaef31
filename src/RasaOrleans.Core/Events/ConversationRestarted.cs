namespace RasaOrleans.Core.Events;

/// <summary>Resets the conversation state; schedules <c>action_listen</c> as follow-up.</summary>
public sealed record ConversationRestarted : Event
{
    public const string Type = "restart";

    public override string TypeName => Type;
}
