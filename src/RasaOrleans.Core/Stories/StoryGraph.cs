namespace RasaOrleans.Core.Stories;

/// <summary>
/// All story steps of a training set, linked by checkpoints (spec §10.3), plus what the reader warned about.
/// </summary>
public sealed class StoryGraph
{
    private readonly Dictionary<string, List<StoryStep>> _byStart = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoryStep>> _byEnd = new(StringComparer.Ordinal);

    public StoryGraph(IEnumerable<StoryStep> steps, IEnumerable<string>? warnings = null, int? blockCount = null)
    {
        Steps = [.. steps];
        Warnings = [.. warnings ?? []];
        BlockCount = blockCount ?? Steps.Select(s => (s.SourceFile, s.Line)).Distinct().Count();
        foreach (var step in Steps)
        {
            foreach (var checkpoint in step.StartCheckpoints)
            {
                Add(_byStart, checkpoint.Name, step);
            }

            foreach (var checkpoint in step.EndCheckpoints)
            {
                Add(_byEnd, checkpoint.Name, step);
            }
        }
    }

    /// <summary>Every step, in file order.</summary>
    public IReadOnlyList<StoryStep> Steps { get; }

    /// <summary>Lines the reader skipped or did not fully understand, with their location.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>How many story blocks (<c>#</c> headers, YAML stories and rules) were read, before OR expansion.</summary>
    public int BlockCount { get; }

    /// <summary>Steps that can begin a conversation.</summary>
    public IReadOnlyList<StoryStep> StartSteps => [.. Steps.Where(s => s.StartsAtConversationStart)];

    /// <summary>Steps read from YAML <c>rules:</c>.</summary>
    public IReadOnlyList<StoryStep> Rules => [.. Steps.Where(s => s.IsRule)];

    /// <summary>Steps that have <paramref name="checkpointName"/> among their start checkpoints.</summary>
    public IReadOnlyList<StoryStep> StepsStartingAt(string checkpointName) =>
        checkpointName == Checkpoint.StoryStart
            ? StartSteps
            : _byStart.TryGetValue(checkpointName, out var steps) ? steps : [];

    /// <summary>Steps that have <paramref name="checkpointName"/> among their end checkpoints.</summary>
    public IReadOnlyList<StoryStep> StepsEndingAt(string checkpointName) =>
        _byEnd.TryGetValue(checkpointName, out var steps) ? steps : [];

    /// <summary>Start checkpoints no step ends at: those steps can never be reached.</summary>
    public IReadOnlyList<string> UnreachableCheckpoints =>
        [.. _byStart.Keys.Where(name => name != Checkpoint.StoryStart && !_byEnd.ContainsKey(name)).Order(StringComparer.Ordinal)];

    /// <summary>End checkpoints no step starts at: the stories stop there.</summary>
    public IReadOnlyList<string> DanglingCheckpoints =>
        [.. _byEnd.Keys.Where(name => !_byStart.ContainsKey(name)).Order(StringComparer.Ordinal)];

    private static void Add(Dictionary<string, List<StoryStep>> index, string name, StoryStep step)
    {
        if (!index.TryGetValue(name, out var list))
        {
            list = [];
            index[name] = list;
        }

        list.Add(step);
    }
}
