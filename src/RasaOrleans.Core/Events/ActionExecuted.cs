namespace RasaOrleans.Core.Events;

/// <summary>An action the bot ran; feeds the <c>prev_</c> feature.</summary>
public sealed record ActionExecuted(string Name) : Event
{
    public const string Type = "action";

    public override string TypeName => Type;
}
