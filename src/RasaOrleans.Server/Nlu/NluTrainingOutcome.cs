using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Server.Nlu;

/// <summary>The result of <see cref="NluTrainingService.TrainAsync"/>: the model when trained, else what went wrong.</summary>
public sealed record NluTrainingOutcome(NluTrainingStatus Status, string Name, NluModel? Model = null, string? Problem = null)
{
    /// <summary>Wall-clock time the job took, queueing excluded.</summary>
    public TimeSpan Elapsed { get; init; }
}
