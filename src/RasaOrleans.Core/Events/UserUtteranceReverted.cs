namespace RasaOrleans.Core.Events;

/// <summary>Undoes everything back to and including the latest user message and the action before it.</summary>
public sealed record UserUtteranceReverted : Event
{
    public const string Type = "rewind";

    public override string TypeName => Type;
}
