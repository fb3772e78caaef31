using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Stories;

/// <summary>
/// A straight run of events from one story block, between its start and end checkpoints (spec §10).
/// A block with <c>OR</c> alternatives or intermediate checkpoints becomes several linked steps.
/// </summary>
public sealed class StoryStep
{
    /// <summary>The story's name (the <c>## header</c>, or <c>story:</c>/<c>rule:</c> in YAML).</summary>
    public required string BlockName { get; init; }

    /// <summary>Where this step may begin; empty means at the start of a conversation.</summary>
    public IReadOnlyList<Checkpoint> StartCheckpoints { get; init; } = [];

    /// <summary>Where this step hands over; empty means the conversation may end here.</summary>
    public IReadOnlyList<Checkpoint> EndCheckpoints { get; init; } = [];

    /// <summary>
    /// User turns, actions and other events in order. Never contains <c>action_listen</c>; the implicit
    /// listens of spec §10.2 are added when trackers are generated.
    /// </summary>
    public IReadOnlyList<Event> Events { get; init; } = [];

    /// <summary>The file the block came from, if it came from a file.</summary>
    public string? SourceFile { get; init; }

    /// <summary>1-based line of the block's header.</summary>
    public int Line { get; init; }

    /// <summary>True for steps read from a YAML <c>rules:</c> section.</summary>
    public bool IsRule { get; init; }

    /// <summary>
    /// For rules: the slot values of the rule's <c>condition:</c>, which must hold before the rule applies.
    /// </summary>
    public IReadOnlyList<SlotSet> RuleConditions { get; init; } = [];

    /// <summary>For rules: <c>conversation_start: true</c>, the rule applies only at the first turn.</summary>
    public bool RuleAtConversationStart { get; init; }

    /// <summary>True when the step can begin a conversation (no start checkpoint, or <c>STORY_START</c>).</summary>
    public bool StartsAtConversationStart =>
        StartCheckpoints.Count == 0 || StartCheckpoints.Any(c => c.Name == Checkpoint.StoryStart);

    public override string ToString() =>
        $"{BlockName} ({SourceFile}:{Line}): {string.Join(", ", StartCheckpoints.Select(c => c.Name))} -> "
        + $"{Events.Count} events -> {string.Join(", ", EndCheckpoints.Select(c => c.Name))}";
}
