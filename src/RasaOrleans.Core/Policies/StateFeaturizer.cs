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
    /// The last <paramref name="maxHistory"/> states of the history of <paramref name="events"/>, left-padded
    /// with nulls: the same as <c>Window(PastStates(events), count, maxHistory)</c>, but only the states in the
    /// window are built, which keeps prediction on long conversations cheap.
    /// </summary>
    public DialogueState?[] LastStates(IEnumerable<Event> events, int maxHistory)
    {
        var applied = Tracker.ComputeAppliedEvents(events);
        var actions = 0;
        foreach (var e in applied)
        {
            if (e is ActionExecuted)
            {
                actions++;
            }
        }

        // States: one before each action, then the current one; the window holds the last maxHistory of them.
        var total = actions + 1;
        var first = total - maxHistory;
        var window = new DialogueState?[maxHistory];
        var replay = new Tracker("featurizer", Domain.Slots);
        var stateIndex = 0;
        foreach (var e in applied)
        {
            if (e is ActionExecuted)
            {
                if (stateIndex >= first)
                {
                    window[stateIndex - first] = StateOf(replay);
                }

                stateIndex++;
            }

            replay.Update(e);
        }

        window[maxHistory - 1] = StateOf(replay);
        return window;
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
