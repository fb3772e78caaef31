namespace RasaOrleans.Core.Events;

/// <summary>Every slot back to its initial value.</summary>
public sealed record AllSlotsReset : Event
{
    public const string Type = "reset_slots";

    public override string TypeName => Type;
}
