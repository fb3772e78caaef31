using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// Turns trackers into dialogue states (spec §11.1): the latest message's most confident intent and its
/// entities, the non-zero slot features and the previous action.
/// </summary>
public sealed class StateFeaturizer(DomainSpec domain)
{
    public DomainSpec Domain { get; } = domain;

    /// <summary>The state of the tracker as it is now.</summary>
    public DialogueState StateOf(Tracker tracker)
    {
        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        AddUserFeatures(tracker.LatestMessage, features);
        foreach (var slot in Domain.Slots)
        {
            var values = slot.Featurize(tracker.GetSlot(slot.Name));
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] != 0.0)
                {
                    features[$"slot_{slot.Name}_{i}"] = values[i];
                }
            }
        }

        if (tracker.LatestActionName is { } action && Domain.IndexOfAction(action) >= 0)
        {
            features["prev_" + action] = 1.0;
        }

        return new DialogueState(features);
    }

    /// <summary>
    /// The history of states of an event sequence: the state just before each action event of the applied
    /// events, then the current state. <paramref name="onAction"/> sees each action with the index of the state
    /// that precedes it.
    /// </summary>
    public List<DialogueState> PastStates(IEnumerable<Event> events, Action<ActionExecuted, int>? onAction = null)
    {
        var replay = new Tracker("featurizer", Domain.Slots);
        var states = new List<DialogueState>();
        foreach (var e in Tracker.ComputeAppliedEvents(events))
        {
            if (e is ActionExecuted action)
            {
                onAction?.Invoke(action, states.Count);
                states.Add(StateOf(replay));
            }

            replay.Update(e);
        }

        states.Add(StateOf(replay));
        return states;
    }

    /// <summary>
    /// The last <paramref name="maxHistory"/> states of a live conversation, left-padded with nulls (the same as
    /// <c>Window(PastStates(tracker), count, maxHistory)</c>). The states of the events seen at the previous call
    /// are kept with the tracker, so a turn only featurizes the events it added (a restart, undo or rewind
    /// recomputes from the applied events), and nothing proportional to the conversation's length is copied.
    /// </summary>
    public DialogueState?[] LastStates(Tracker tracker, int maxHistory)
    {
        var cache = History(tracker, Math.Max(0, maxHistory - 1));
        var before = cache.StatesBeforeActions;
        var window = new DialogueState?[maxHistory];
        for (var i = 0; i < maxHistory - 1; i++)
        {
            var index = before.Count - (maxHistory - 1) + i;
            window[i] = index >= 0 ? before[index] : null;
        }

        window[maxHistory - 1] = StateOf(cache.Replay);
        return window;
    }

    // keep: how many states before actions the caller needs. Only the last ones are kept (the largest window any
    // caller asked for), so a long conversation's history costs memory for its window, not for its length; a
    // caller asking for a longer window than was kept gets the history replayed once.
    private HistoryCache History(Tracker tracker, int keep)
    {
        var events = tracker.Events;
        if (keep > _keep)
        {
            _keep = keep;
        }

        if (!_history.TryGetValue(tracker, out var cache) || cache.EventCount > events.Count || RequiresReplay(events, cache.EventCount)
            || (cache.Trimmed && cache.Kept < keep))
        {
            cache = new HistoryCache(new Tracker("featurizer", Domain.Slots), [], 0);
            foreach (var e in Tracker.ComputeAppliedEvents(events))
            {
                cache.Advance(this, e);
            }

            cache.EventCount = events.Count;
            _history.AddOrUpdate(tracker, cache);
        }
        else
        {
            for (var i = cache.EventCount; i < events.Count; i++)
            {
                cache.Advance(this, events[i]);
            }

            cache.EventCount = events.Count;
        }

        var keeping = _keep;
        if (cache.StatesBeforeActions.Count > 2 * keeping + 16)
        {
            cache.StatesBeforeActions.RemoveRange(0, cache.StatesBeforeActions.Count - keeping);
            cache.Trimmed = true;
            cache.Kept = keeping;
        }

        return cache;
    }

    private static bool RequiresReplay(IReadOnlyList<Event> events, int from)
    {
        for (var i = from; i < events.Count; i++)
        {
            if (events[i] is ConversationRestarted or SessionStarted or ActionReverted or UserUtteranceReverted)
            {
                return true;
            }
        }

        return false;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Tracker, HistoryCache> _history = [];
    private int _keep;

    private sealed class HistoryCache(Tracker replay, List<DialogueState> statesBeforeActions, int eventCount)
    {
        public Tracker Replay { get; } = replay;

        public List<DialogueState> StatesBeforeActions { get; } = statesBeforeActions;

        public int EventCount { get; set; } = eventCount;

        /// <summary>True once older states were dropped; <see cref="Kept"/> states were kept then.</summary>
        public bool Trimmed { get; set; }

        public int Kept { get; set; }

        public void Advance(StateFeaturizer featurizer, Event e)
        {
            if (e is ActionExecuted)
            {
                StatesBeforeActions.Add(featurizer.StateOf(Replay));
            }

            Replay.Update(e);
        }
    }

    /// <summary>The last <paramref name="maxHistory"/> states, left-padded with nulls.</summary>
    public static DialogueState?[] Window(IReadOnlyList<DialogueState> states, int end, int maxHistory)
    {
        var window = new DialogueState?[maxHistory];
        var start = end - maxHistory;
        for (var i = 0; i < maxHistory; i++)
        {
            var index = start + i;
            window[i] = index >= 0 ? states[index] : null;
        }

        return window;
    }

    private void AddUserFeatures(JsonObject message, Dictionary<string, double> features)
    {
        var intentName = (message["intent"] as JsonObject)?["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        if (message["entities"] is JsonArray entities && (intentName is null || Domain.UsesEntities(intentName)))
        {
            foreach (var entity in entities)
            {
                if (entity is JsonObject e && e["entity"] is JsonValue ev && ev.TryGetValue<string>(out var entityName))
                {
                    features["entity_" + entityName] = 1.0;
                }
            }
        }

        // Keep only the most confident intent (first maximum wins) with value 1.0, as Rasa's featurizer does.
        string? best = null;
        var bestConfidence = double.NegativeInfinity;
        void Consider(string? name, double confidence)
        {
            if (!string.IsNullOrEmpty(name) && confidence > bestConfidence)
            {
                best = name;
                bestConfidence = confidence;
            }
        }

        if (!string.IsNullOrEmpty(intentName))
        {
            Consider(intentName, ConfidenceOf(message["intent"]));
        }

        if (message["intent_ranking"] is JsonArray ranking)
        {
            foreach (var item in ranking)
            {
                if (item is JsonObject r && r["name"] is JsonValue rn && rn.TryGetValue<string>(out var rankedName))
                {
                    Consider(rankedName, ConfidenceOf(r));
                }
            }
        }

        if (best is not null)
        {
            features["intent_" + best] = 1.0;
        }
    }

    private static double ConfidenceOf(JsonNode? node) =>
        node is JsonObject o && o["confidence"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.GetValue<double>()
            : 1.0;
}
