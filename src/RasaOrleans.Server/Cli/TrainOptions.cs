namespace RasaOrleans.Server.Cli;

/// <summary>What to train from and where to write the model.</summary>
public sealed record TrainOptions(string? Domain, string? Stories, string? Nlu, string? Config, string Out);
