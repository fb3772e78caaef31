namespace RasaOrleans.Core.Events;

/// <summary>An action refused to run (later Rasa); recorded only.</summary>
public sealed record ActionExecutionRejected(string Name) : Event
{
    public const string Type = "action_execution_rejected";

    public override string TypeName => Type;
}
