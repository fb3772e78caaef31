namespace RasaOrleans.Core.Events;

/// <summary>Undoes the latest action and everything after it.</summary>
public sealed record ActionReverted : Event
{
    public const string Type = "undo";

    public override string TypeName => Type;
}
