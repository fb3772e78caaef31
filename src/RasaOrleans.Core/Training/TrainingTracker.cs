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
    public bool IsPredictable(Event action) => !UnpredictableActions.Contains(action);
}
