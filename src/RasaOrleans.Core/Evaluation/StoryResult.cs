using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Evaluation;

/// <summary>One test conversation with its checked actions.</summary>
public sealed record StoryResult(string Name, IReadOnlyList<Event> Events, IReadOnlyList<ActionCheck> Checks)
{
    public bool IsCorrect => Checks.All(c => c.IsCorrect);
}
