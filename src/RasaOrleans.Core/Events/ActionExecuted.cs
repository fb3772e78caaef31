namespace RasaOrleans.Core.Events;

/// <summary>
/// An action the bot ran; feeds the <c>prev_</c> feature. When the server chose it, <see cref="Policy"/> and
/// <see cref="Confidence"/> say which policy and how sure (later Rasa's <c>policy</c> and <c>confidence</c>
/// fields); both are left out of the JSON when unknown, so 0.10 trackers read and write as before.
/// </summary>
public sealed record ActionExecuted(string Name) : Event
{
    public const string Type = "action";

    public override string TypeName => Type;

    /// <summary>The policy (or rule) that predicted this action, when known.</summary>
    public string? Policy { get; init; }

    /// <summary>The confidence of that prediction, when known.</summary>
    public double? Confidence { get; init; }
}
