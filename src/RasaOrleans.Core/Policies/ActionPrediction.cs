namespace RasaOrleans.Core.Policies;

/// <summary>
/// The chosen next action, its confidence, which policy (or rule) chose it, and the winning score vector in
/// domain action order.
/// </summary>
public sealed record ActionPrediction(string Action, double Confidence, string Policy, IReadOnlyList<double> Scores);
