using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Training;

/// <summary>
/// One conversation assembled from stories for training: its events, the actions that cannot be predicted
/// (a story's first action when no user message precedes it), and whether augmentation glued it together.
/// </summary>
public sealed record TrainingTracker(
    IReadOnlyList<Event> Events,
    IReadOnlySet<Event> UnpredictableActions,
    bool IsAugmented,
    string StoryName)
{
    /// <summary>
    /// For an augmented conversation: how many leading events are the finished conversation glued in front.
    /// Their training examples repeat that conversation's, so learners may skip them.
    /// </summary>
    public int GluedEventCount { get; init; }

    public bool IsPredictable(Event action) => !UnpredictableActions.Contains(action);
}
