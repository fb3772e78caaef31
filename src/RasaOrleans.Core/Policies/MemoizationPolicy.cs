using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// Memorizes the training stories (spec §11.2): the window of the last <see cref="MaxHistory"/> states before
/// each action maps to that action. Windows seen with two different actions are dropped.
/// With <see cref="Augmented"/> (Rasa's <c>AugmentedMemoizationPolicy</c>) it also remembers partial
/// windows (the oldest states blanked) and, when nothing matches, retries on the conversation with its oldest
/// turns cut off, so slots set long ago are forgotten.
/// </summary>
public sealed class MemoizationPolicy : IDialoguePolicy
{
    public const string PlainName = "MemoizationPolicy";
    public const string AugmentedName = "AugmentedMemoizationPolicy";

    private readonly StateFeaturizer _featurizer;
    private readonly Dictionary<string, int> _lookup;
    private readonly Dictionary<string, int> _partialLookup;

    private MemoizationPolicy(
        StateFeaturizer featurizer, int maxHistory, bool augmented, Dictionary<string, int> lookup, Dictionary<string, int> partialLookup)
    {
        if (maxHistory < 1)
        {
            throw new RasaFormatException($"max_history must be at least 1, got {maxHistory}");
        }

        _featurizer = featurizer;
        MaxHistory = maxHistory;
        Augmented = augmented;
        _lookup = lookup;
        _partialLookup = partialLookup;
    }

    public string Name => Augmented ? AugmentedName : PlainName;

    public int MaxHistory { get; }

    public bool Augmented { get; }

    /// <summary>Memorized full windows: key text → action index.</summary>
    public IReadOnlyDictionary<string, int> Lookup => _lookup;

    /// <summary>Memorized partial windows (augmented only).</summary>
    public IReadOnlyDictionary<string, int> PartialLookup => _partialLookup;

    /// <summary>Memorizes every predictable action of the non-augmented training trackers.</summary>
    public static MemoizationPolicy Train(
        StateFeaturizer featurizer, IEnumerable<TrainingTracker> trackers, int maxHistory, bool augmented)
    {
        var full = new KeyTable();
        var partial = new KeyTable();
        var domain = featurizer.Domain;
        foreach (var tracker in trackers.Where(t => !t.IsAugmented))
        {
            var examples = new List<(ActionExecuted Action, int StateIndex)>();
            var states = featurizer.PastStates(tracker.Events, (a, i) => examples.Add((a, i)));
            foreach (var (action, index) in examples)
            {
                if (!tracker.IsPredictable(action))
                {
                    continue;
                }

                var actionIndex = domain.IndexOfAction(action.Name);
                if (actionIndex < 0)
                {
                    throw new RasaFormatException(
                        $"story '{tracker.StoryName}' uses action '{action.Name}', which is not in the domain");
                }

                var window = StateFeaturizer.Window(states, index + 1, maxHistory);
                full.Add(DialogueState.KeyOf(window), actionIndex);
                if (augmented)
                {
                    foreach (var key in PartialKeys(window))
                    {
                        partial.Add(key, actionIndex);
                    }
                }
            }
        }

        return new MemoizationPolicy(featurizer, maxHistory, augmented, full.Result(), partial.Result());
    }

    /// <summary>Restores a policy from <see cref="ToJson"/>.</summary>
    public static MemoizationPolicy FromJson(StateFeaturizer featurizer, JsonObject json)
    {
        var maxHistory = json["max_history"]?.GetValue<int>() ?? throw new RasaFormatException("memorized turns lack 'max_history'");
        var augmented = json["augmented"]?.GetValue<bool>() ?? false;
        return new MemoizationPolicy(featurizer, maxHistory, augmented, Read(json["lookup"]), Read(json["partial_lookup"]));

        Dictionary<string, int> Read(JsonNode? node)
        {
            var table = new Dictionary<string, int>(StringComparer.Ordinal);
            if (node is JsonObject obj)
            {
                foreach (var (key, value) in obj)
                {
                    var index = value!.GetValue<int>();
                    if (index < 0 || index >= featurizer.Domain.ActionNames.Count)
                    {
                        throw new RasaFormatException($"memorized action index {index} is outside the domain's actions");
                    }

                    table[key] = index;
                }
            }

            return table;
        }
    }

    /// <summary>The persisted form (<c>memorized_turns.json</c>): keys uncompressed, sorted.</summary>
    public JsonObject ToJson()
    {
        return new JsonObject
        {
            ["max_history"] = MaxHistory,
            ["augmented"] = Augmented,
            ["lookup"] = Write(_lookup),
            ["partial_lookup"] = Write(_partialLookup),
        };

        static JsonObject Write(Dictionary<string, int> table)
        {
            var obj = new JsonObject();
            foreach (var (key, value) in table.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                obj[key] = value;
            }

            return obj;
        }
    }

    public double[] Predict(Tracker tracker)
    {
        var scores = new double[_featurizer.Domain.ActionNames.Count];
        var window = _featurizer.LastStates(tracker, MaxHistory);
        var recalled = Recall(window) ?? (Augmented ? RecallWithShorterHistory(tracker, window) : null);
        if (recalled is { } index)
        {
            scores[index] = 1.0;
        }

        return scores;
    }

    private int? Recall(DialogueState?[] window)
    {
        if (_lookup.TryGetValue(DialogueState.KeyOf(window), out var action))
        {
            return action;
        }

        if (!Augmented)
        {
            return null;
        }

        foreach (var key in PartialKeys(window))
        {
            if (_lookup.TryGetValue(key, out action) || _partialLookup.TryGetValue(key, out action))
            {
                return action;
            }
        }

        return null;
    }

    /// <summary>
    /// Replays the conversation from its second action on, then its third, …, so that slots and messages of
    /// the oldest turns are forgotten, until a window is remembered (Rasa's augmented recall). Only the cut
    /// points where the window can change are tried: just after the latest user message and the latest setting
    /// of each slot as seen from each state of the window, and the last <see cref="MaxHistory"/> + 1 actions.
    /// Every other cut gives the same window as the candidate before it, so the result is the same as trying
    /// every cut, at a cost that does not grow with the number of turns.
    /// </summary>
    private int? RecallWithShorterHistory(Tracker tracker, DialogueState?[] window)
    {
        var events = Tracker.ComputeAppliedEvents(tracker.Events);
        var actions = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is ActionExecuted)
            {
                actions.Add(i);
            }
        }

        if (actions.Count < 2)
        {
            return null;
        }

        var statePositions = actions.Append(events.Count).TakeLast(MaxHistory).ToList();
        var transitions = new SortedSet<int>();
        foreach (var position in statePositions)
        {
            var seenUser = false;
            var seenSlots = new HashSet<string>(StringComparer.Ordinal);
            var reset = false;
            for (var i = position - 1; i >= 0 && !(seenUser && (reset || seenSlots.Count == _featurizer.Domain.Slots.Count)); i--)
            {
                switch (events[i])
                {
                    case UserUttered when !seenUser:
                        seenUser = true;
                        transitions.Add(i);
                        break;
                    case SlotSet set when !reset && _featurizer.Domain.FindSlot(set.Name) is not null && seenSlots.Add(set.Name):
                        transitions.Add(i);
                        break;
                    case AllSlotsReset when !reset:
                        reset = true;
                        transitions.Add(i);
                        break;
                }
            }
        }

        var cuts = new SortedSet<int>(actions.Skip(1).TakeLast(MaxHistory + 1));
        foreach (var transition in transitions)
        {
            var next = actions.FindIndex(a => a > transition);
            if (next >= 1)
            {
                cuts.Add(actions[next]);
            }
        }

        var previousKey = DialogueState.KeyOf(window);
        foreach (var cut in cuts)
        {
            var states = _featurizer.PastStates(events.GetRange(cut, events.Count - cut));
            var shorter = StateFeaturizer.Window(states, states.Count, MaxHistory);
            var key = DialogueState.KeyOf(shorter);
            if (key != previousKey && Recall(shorter) is { } action)
            {
                return action;
            }

            previousKey = key;
        }

        return null;
    }

    private static IEnumerable<string> PartialKeys(DialogueState?[] window)
    {
        var blanked = (DialogueState?[])window.Clone();
        for (var i = 0; i < blanked.Length - 1; i++)
        {
            if (blanked[i] is null)
            {
                continue;
            }

            blanked[i] = null;
            yield return DialogueState.KeyOf(blanked);
        }
    }

    /// <summary>Collects key → action, dropping (and blocking) keys seen with different actions.</summary>
    private sealed class KeyTable
    {
        private readonly Dictionary<string, int> _table = new(StringComparer.Ordinal);
        private readonly HashSet<string> _ambiguous = new(StringComparer.Ordinal);

        public void Add(string key, int action)
        {
            if (_ambiguous.Contains(key))
            {
                return;
            }

            if (_table.TryGetValue(key, out var existing))
            {
                if (existing != action)
                {
                    _table.Remove(key);
                    _ambiguous.Add(key);
                }

                return;
            }

            _table[key] = action;
        }

        public Dictionary<string, int> Result() => _table;
    }
}
