using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Training;

/// <summary>
/// Assembles training conversations from a story graph (spec §10.2–10.3): blocks are linked end checkpoint →
/// start checkpoint from the conversation start; every path becomes one tracker. An <c>action_listen</c> is
/// inserted before each user turn and at the end of a story; entity slots are filled after each user turn; a
/// story's first action with no user turn before it is not a training example. A conversation passes each
/// checkpoint at most <see cref="MaxCheckpointVisits"/> times, which unrolls cycles; where that limit stops it, or
/// where it reaches an end checkpoint no block starts from, it is kept as it is (as Rasa's generator keeps the
/// trackers left at unused checkpoints), so a cycle without an exit still trains. At most
/// <see cref="MaxTrackersPerStep"/> incoming trackers per block (sub-sampled with a fixed seed). With <see cref="AugmentationFactor"/> &gt; 0, each
/// augmentation round glues that many conversations that reached a story end (chosen with the fixed seed) in
/// front of the start again, with their final <c>action_listen</c> undone, and walks the stories once more.
/// </summary>
public sealed class TrainingDataGenerator(DomainSpec domain)
{
    public const string StoryStart = "STORY_START";

    /// <summary>
    /// How often one conversation may pass the same checkpoint. Three passes walk a cycle twice after its first
    /// pass: for Rasa's <c>stories_with_cycle.md</c> that yields all 15 distinct <c>max_history</c> 4 examples its
    /// tests expect (Rasa unrolls cycles in rounds until no new checkpoint is reached).
    /// </summary>
    public int MaxCheckpointVisits { get; init; } = 3;

    public int MaxTrackersPerStep { get; init; } = 2000;

    /// <summary>Non-fatal problems found while assembling (unused checkpoints, …).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>
    /// How many finished conversations each augmentation round glues in front of the conversation start
    /// (spec §10.3); 0 (the default) turns augmentation off. Glued conversations are marked
    /// <see cref="TrainingTracker.IsAugmented"/>, which memoization ignores.
    /// </summary>
    public int AugmentationFactor { get; init; }

    /// <summary>Augmentation rounds after the normal one (Rasa 0.9 runs at least three rounds in all).</summary>
    public int AugmentationRounds { get; init; } = 2;

    /// <summary>Seed of the sub-sampling and of the choice of conversations to glue.</summary>
    public int Seed { get; init; } = 42;

    public List<TrainingTracker> Generate(StoryGraph graph)
    {
        var unpredictable = new HashSet<Event>(ReferenceEqualityComparer.Instance);
        foreach (var step in graph.Steps)
        {
            if (StartsAtConversationStart(step) && step.Events.Count > 0 && step.Events[0] is ActionExecuted first)
            {
                unpredictable.Add(first);
            }
        }

        var random = new Random(Seed);
        var finishedSignatures = new HashSet<string>(StringComparer.Ordinal);
        var (all, storyEnds) = Walk(graph.Steps, [new Path([], new Dictionary<string, int>(), "", StoryName: "")], unpredictable,
            finishedSignatures, random, augmented: false, warn: true);
        var previousRound = storyEnds;
        for (var round = 0; round < AugmentationRounds && AugmentationFactor > 0 && previousRound.Count > 0; round++)
        {
            var glued = previousRound
                .OrderBy(_ => random.Next())
                .Take(AugmentationFactor)
                .Select(Glue)
                .ToList();
            var (walked, ends) = Walk(graph.Steps, glued, unpredictable, finishedSignatures, random, augmented: true, warn: false);
            all.AddRange(walked);
            previousRound = ends;
        }

        return all;
    }

    /// <summary>A finished conversation as the start of another one: its final <c>action_listen</c> undone.</summary>
    private static Path Glue(TrainingTracker finished, int index)
    {
        var events = finished.Events.Count > 0 && finished.Events[^1] is ActionExecuted { Name: Tracker.ActionListen }
            ? finished.Events.Take(finished.Events.Count - 1).ToList()
            : [.. finished.Events];

        // The glued conversations are distinct already, so a short signature keeps them apart without
        // re-encoding their events.
        return new Path(events, new Dictionary<string, int>(), $"glued {index} {finished.StoryName}\n", StoryName: "")
        {
            Prefix = finished.StoryName,
            GluedEventCount = events.Count,
        };
    }

    /// <summary>
    /// Walks the stories from <paramref name="starts"/>: every conversation it finishes, and separately those that
    /// reached a story end (only they are glued in front of the start by augmentation).
    /// </summary>
    private (List<TrainingTracker> Finished, List<TrainingTracker> StoryEnds) Walk(IReadOnlyList<StoryStep> steps,
        List<Path> starts, HashSet<Event> unpredictable, HashSet<string> finishedSignatures, Random random, bool augmented, bool warn)
    {
        var started = steps.SelectMany(StartNames).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var atCheckpoint = new Dictionary<string, List<Path>>(StringComparer.Ordinal) { [StoryStart] = starts };
        var seenAtCheckpoint = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var cursors = new Dictionary<(int Step, string Checkpoint), int>();
        var finished = new List<TrainingTracker>();
        var storyEnds = new List<TrainingTracker>();
        void Finish(Path path, bool atStoryEnd)
        {
            if (!finishedSignatures.Add(path.Signature))
            {
                return;
            }

            var name = path.Prefix.Length > 0 ? $"{path.Prefix} + {path.StoryName}" : path.StoryName;
            var tracker = new TrainingTracker(path.Events, unpredictable, augmented, name) { GluedEventCount = path.GluedEventCount };
            finished.Add(tracker);
            if (atStoryEnd)
            {
                storyEnds.Add(tracker);
            }
        }

        bool progressed;
        do
        {
            progressed = false;
            for (var s = 0; s < steps.Count; s++)
            {
                var step = steps[s];
                var incoming = new List<Path>();
                foreach (var start in StartNames(step))
                {
                    if (!atCheckpoint.TryGetValue(start.Name, out var waiting))
                    {
                        continue;
                    }

                    var from = cursors.GetValueOrDefault((s, start.Name));
                    cursors[(s, start.Name)] = waiting.Count;
                    incoming.AddRange(waiting.Skip(from).Where(p => SatisfiesConditions(p, start.Conditions)));
                }

                if (incoming.Count == 0)
                {
                    continue;
                }

                progressed = true;
                if (incoming.Count > MaxTrackersPerStep)
                {
                    incoming = incoming.OrderBy(_ => random.Next()).Take(MaxTrackersPerStep).ToList();
                }

                var explicitEvents = ExplicitEvents(step);
                var stepSignature = Path.SignatureOf(explicitEvents);
                foreach (var path in incoming)
                {
                    var extended = path.Extend(explicitEvents, stepSignature, string.IsNullOrEmpty(path.StoryName) ? step.BlockName : path.StoryName);
                    if (step.EndCheckpoints.Count == 0)
                    {
                        Finish(extended, atStoryEnd: true);
                        continue;
                    }

                    foreach (var end in step.EndCheckpoints)
                    {
                        var visits = extended.Visits.GetValueOrDefault(end.Name);
                        if (visits >= MaxCheckpointVisits || !started.Contains(end.Name))
                        {
                            // The conversation cannot go on from here: its turns so far are still training data.
                            Finish(extended, atStoryEnd: false);
                            continue;
                        }

                        var seen = seenAtCheckpoint.TryGetValue(end.Name, out var set) ? set : seenAtCheckpoint[end.Name] = new HashSet<string>(StringComparer.Ordinal);
                        if (!seen.Add(extended.Signature))
                        {
                            continue;
                        }

                        var visited = new Dictionary<string, int>(extended.Visits) { [end.Name] = visits + 1 };
                        if (!atCheckpoint.TryGetValue(end.Name, out var list))
                        {
                            atCheckpoint[end.Name] = list = [];
                        }

                        list.Add(extended with { Visits = visited });
                    }
                }
            }
        }
        while (progressed);

        if (warn)
        {
            foreach (var end in steps.SelectMany(s => s.EndCheckpoints).Select(c => c.Name).Distinct().Where(n => !started.Contains(n)))
            {
                Warnings.Add($"checkpoint '{end}' ends a story block but no block starts from it (conversations stop there)");
            }

            foreach (var start in started.Where(n => n != StoryStart && !atCheckpoint.ContainsKey(n)))
            {
                Warnings.Add($"checkpoint '{start}' starts a story block but is never reached");
            }
        }

        return (finished, storyEnds);
    }

    private static bool StartsAtConversationStart(StoryStep step) =>
        step.StartCheckpoints.Count == 0 || step.StartCheckpoints.Any(c => c.Name == StoryStart);

    private static IEnumerable<Checkpoint> StartNames(StoryStep step) =>
        step.StartCheckpoints.Count == 0 ? [new Checkpoint(StoryStart, null)] : step.StartCheckpoints;

    private bool SatisfiesConditions(Path path, JsonObject? conditions)
    {
        if (conditions is null || conditions.Count == 0)
        {
            return true;
        }

        var tracker = Tracker.FromEvents("generator", domain.Slots, path.Events);
        return conditions.All(c => JsonNode.DeepEquals(tracker.GetSlot(c.Key), c.Value));
    }

    private List<Event> ExplicitEvents(StoryStep step)
    {
        var events = new List<Event>();
        foreach (var e in step.Events)
        {
            if (e is UserUttered user)
            {
                AddListen(events);
                events.Add(e);
                events.AddRange(EntitySlotFilling.SlotEventsFor(domain, user.ParseData, 0));
            }
            else
            {
                events.Add(e);
            }
        }

        if (step.EndCheckpoints.Count == 0)
        {
            AddListen(events);
        }

        return events;
    }

    private static void AddListen(List<Event> events)
    {
        if (events.Count == 0 || events[^1] is not ActionExecuted { Name: Tracker.ActionListen })
        {
            events.Add(new ActionExecuted(Tracker.ActionListen));
        }
    }

    private sealed record Path(IReadOnlyList<Event> Events, IReadOnlyDictionary<string, int> Visits, string Signature, string StoryName)
    {
        /// <summary>For an augmented start: the name of the conversation glued in front.</summary>
        public string Prefix { get; init; } = "";

        /// <summary>For an augmented start: how many leading events are the glued conversation's.</summary>
        public int GluedEventCount { get; init; }

        /// <summary>The events without timestamps, one JSON line each: what makes two paths the same.</summary>
        public static string SignatureOf(List<Event> events)
        {
            var signature = new StringBuilder();
            foreach (var e in events)
            {
                var json = EventJson.Encode(e);
                json.Remove("timestamp");
                signature.Append(json.ToJsonString()).Append('\n');
            }

            return signature.ToString();
        }

        public Path Extend(List<Event> more, string moreSignature, string storyName) =>
            new([.. Events, .. more], Visits, Signature + moreSignature, storyName) { Prefix = Prefix, GluedEventCount = GluedEventCount };
    }
}
