namespace RasaOrleans.Abstractions.Inference;

/// <summary>The action a policy ensemble chose, with its confidence, the policy, and every action's score.</summary>
[GenerateSerializer, Immutable, Alias("rasa.PolicyResult")]
public sealed record PolicyResult(
    [property: Id(0)] string Action,
    [property: Id(1)] double Confidence,
    [property: Id(2)] string Policy,
    [property: Id(3)] IReadOnlyList<double> Scores);
