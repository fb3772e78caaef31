namespace RasaOrleans.Server.Nlu;

/// <summary>A training job that is running, as <c>GET /status</c> lists it.</summary>
public sealed record NluTrainingJob(string Name, DateTimeOffset Started);
