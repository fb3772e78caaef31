using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Policies;

namespace RasaOrleans.Core.Training;

/// <summary>
/// What a policy trains on: the domain, its featurizer, the assembled conversations, a progress writer and,
/// optionally, where to report an optimizer's iterations.
/// </summary>
public sealed record PolicyTrainingContext(
    DomainSpec Domain,
    StateFeaturizer Featurizer,
    IReadOnlyList<TrainingTracker> Trackers,
    TextWriter Progress,
    IterationProgress? Iterations = null);
