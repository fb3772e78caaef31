using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Stories;

/// <summary>
/// Turns the lines of one story block into linked <see cref="StoryStep"/>s. Checkpoints before the first
/// event are start checkpoints; later ones end the current steps, and the next event starts new steps from
/// them. <c>OR</c> alternatives end the block so far at a generated checkpoint and start one step per
/// alternative there.
/// </summary>
internal sealed class StoryStepBuilder(string blockName, string? sourceFile, int line, bool isRule, StoryReadContext context)
{
    private readonly List<Checkpoint> _startCheckpoints = [];
    private readonly List<PendingStep> _finished = [];
    private List<PendingStep> _current = [];

    public List<SlotSet> RuleConditions { get; } = [];

    public bool RuleAtConversationStart { get; set; }

    public void AddCheckpoint(Checkpoint checkpoint, int atLine)
    {
        if (_current.Count == 0)
        {
            _startCheckpoints.Add(checkpoint);
            return;
        }

        if (checkpoint.Conditions is { Count: > 0 })
        {
            context.Warn($"end or intermediate checkpoint '{checkpoint.Name}' cannot have conditions; ignored them",
                sourceFile, atLine);
        }

        var ending = new Checkpoint(checkpoint.Name);
        var copies = new List<PendingStep>();
        foreach (var step in _current)
        {
            if (step.End.Count > 0)
            {
                // a second checkpoint in a row: the same events may also end here
                copies.Add(new PendingStep(step.Start, step.Events) { End = [ending] });
            }
            else
            {
                step.End.Add(ending);
            }
        }

        _current.AddRange(copies);
    }

    public void AddEvent(Event e)
    {
        EnsureCurrentSteps();
        foreach (var step in _current)
        {
            step.Events.Add(e);
        }
    }

    public void AddUserMessages(IReadOnlyList<UserUttered> alternatives)
    {
        if (alternatives.Count == 1)
        {
            AddEvent(alternatives[0]);
            return;
        }

        EnsureCurrentSteps();
        List<Checkpoint> start;
        if (_current is [{ Events.Count: 0, End.Count: 0 } fresh])
        {
            // nothing before the alternatives: each starts where the block starts
            start = fresh.Start;
        }
        else
        {
            var joint = new Checkpoint(context.NextOrCheckpointName());
            foreach (var step in _current)
            {
                step.End.Add(joint);
            }

            _finished.AddRange(_current);
            start = [joint];
        }

        _current = [.. alternatives.Select(message => new PendingStep(start, [message]))];
    }

    public void Flush()
    {
        foreach (var step in _finished.Concat(_current))
        {
            context.Steps.Add(new StoryStep
            {
                BlockName = blockName,
                StartCheckpoints = [.. step.Start],
                EndCheckpoints = [.. step.End],
                Events = [.. step.Events],
                SourceFile = sourceFile,
                Line = line,
                IsRule = isRule,
                RuleConditions = [.. RuleConditions],
                RuleAtConversationStart = RuleAtConversationStart,
            });
        }

        _finished.Clear();
        _current = [];
    }

    private void EnsureCurrentSteps()
    {
        var completed = _current.Where(s => s.End.Count > 0).ToList();
        var unfinished = _current.Where(s => s.End.Count == 0).ToList();
        _finished.AddRange(completed);
        if (unfinished.Count > 0)
        {
            _current = unfinished;
            return;
        }

        var start = _current.Count == 0
            ? _startCheckpoints
            : completed.SelectMany(s => s.End).DistinctBy(c => c.Name).Select(c => new Checkpoint(c.Name)).ToList();
        _current = [new PendingStep(start, [])];
    }

    private sealed class PendingStep(IEnumerable<Checkpoint> start, IEnumerable<Event> events)
    {
        public List<Checkpoint> Start { get; } = [.. start];

        public List<Event> Events { get; } = [.. events];

        public List<Checkpoint> End { get; init; } = [];
    }
}
