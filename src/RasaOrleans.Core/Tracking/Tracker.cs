using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Slots;

namespace RasaOrleans.Core.Tracking;

/// <summary>
/// A conversation's state: the event log and what it implies (spec §6). The state is a pure function of the
/// events: <see cref="Update"/> appends an event and applies it; rewinds and undos replay the applied events.
/// </summary>
public sealed class Tracker
{
    public const string ActionListen = "action_listen";

    private readonly List<Event> _events = [];
    private readonly IReadOnlyList<Slot> _slotDefinitions;
    private readonly Dictionary<string, JsonNode?> _slots = new(StringComparer.Ordinal);

    public Tracker(string senderId, IReadOnlyList<Slot> slots)
    {
        SenderId = senderId;
        _slotDefinitions = slots;
        ResetSlots();
    }

    public string SenderId { get; }

    /// <summary>Every event ever logged, in order, including restarts and reverted ones.</summary>
    public IReadOnlyList<Event> Events => _events;

    /// <summary>The domain's slots this tracker was created with, in domain order.</summary>
    public IReadOnlyList<Slot> SlotDefinitions => _slotDefinitions;

    /// <summary>Current slot values by slot name, in domain order.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Slots => _slots;

    /// <summary>The <c>parse_data</c> of the latest user message, or the empty message.</summary>
    public JsonObject LatestMessage { get; private set; } = EmptyMessage();

    public string? LatestActionName { get; private set; }

    public BotUttered? LatestBotUtterance { get; private set; }

    public bool Paused { get; private set; }

    /// <summary>An action scheduled to run next regardless of the policies (set by <c>restart</c>).</summary>
    public string? FollowUpAction { get; private set; }

    /// <summary>Timestamp of the newest stored event, or null.</summary>
    public double? LatestEventTime => _events.Count == 0 ? null : _events[^1].Timestamp;

    /// <summary>The latest message's intent name, or null.</summary>
    public string? LatestIntentName =>
        LatestMessage["intent"] is JsonObject intent && intent["name"] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : null;

    /// <summary>A tracker built from <paramref name="events"/> as if each had been logged in turn.</summary>
    public static Tracker FromEvents(string senderId, IReadOnlyList<Slot> slots, IEnumerable<Event> events)
    {
        var tracker = new Tracker(senderId, slots);
        foreach (var e in events)
        {
            tracker.Update(e);
        }

        return tracker;
    }

    /// <summary>Logs an event and applies its effect.</summary>
    public void Update(Event e)
    {
        _events.Add(e);
        Apply(e);
    }

    /// <summary>Clears the follow-up action once it has been chosen.</summary>
    public void ClearFollowUpAction() => FollowUpAction = null;

    /// <summary>The slot's current value, or null for an unknown slot.</summary>
    public JsonNode? GetSlot(string name) => _slots.GetValueOrDefault(name);

    /// <summary>
    /// The events still in effect: a restart discards everything before it, an undo removes back to the latest
    /// action, a rewind back to the latest user message and the action before it (spec §6.2).
    /// </summary>
    public List<Event> AppliedEvents() => ComputeAppliedEvents(_events);

    /// <summary>Applied events computed for any event sequence.</summary>
    public static List<Event> ComputeAppliedEvents(IEnumerable<Event> events)
    {
        var applied = new List<Event>();
        foreach (var e in events)
        {
            switch (e)
            {
                case ConversationRestarted or SessionStarted:
                    applied.Clear();
                    if (e is SessionStarted)
                    {
                        applied.Add(e);
                    }

                    break;
                case ActionReverted:
                    UndoTill<ActionExecuted>(applied);
                    break;
                case UserUtteranceReverted:
                    UndoTill<UserUttered>(applied);
                    UndoTill<ActionExecuted>(applied);
                    break;
                default:
                    applied.Add(e);
                    break;
            }
        }

        return applied;
    }

    /// <summary>Events after the latest <c>restart</c> (the restart itself excluded).</summary>
    public IEnumerable<Event> EventsAfterLatestRestart()
    {
        var last = _events.FindLastIndex(e => e is ConversationRestarted);
        return last < 0 ? _events : _events.Skip(last + 1);
    }

    /// <summary>
    /// The tracker as it was at <paramref name="until"/>: rebuilt from the events whose timestamp is not
    /// later, stopping at the first later one (Rasa's <c>travel_back_in_time</c>).
    /// </summary>
    public Tracker TravelBackInTime(double until) =>
        FromEvents(SenderId, _slotDefinitions, _events.TakeWhile(e => e.Timestamp <= until));

    /// <summary>The tracker's JSON (spec §6.3, 0.8–0.10 shape).</summary>
    public JsonObject CurrentState(EventVerbosity verbosity)
    {
        var slots = new JsonObject();
        foreach (var (name, value) in _slots)
        {
            slots[name] = value?.DeepClone();
        }

        JsonArray? events = verbosity switch
        {
            EventVerbosity.None => null,
            EventVerbosity.AfterRestart => EventJson.EncodeList(EventsAfterLatestRestart()),
            EventVerbosity.All => EventJson.EncodeList(_events),
            EventVerbosity.Applied => EventJson.EncodeList(AppliedEvents()),
            _ => throw new ArgumentOutOfRangeException(nameof(verbosity)),
        };

        return new JsonObject
        {
            ["sender_id"] = SenderId,
            ["slots"] = slots,
            ["latest_message"] = LatestMessage.DeepClone(),
            ["latest_event_time"] = LatestEventTime is { } t ? JsonFloat.Node(t) : null,
            ["paused"] = Paused,
            ["events"] = events,
        };
    }

    private void Apply(Event e)
    {
        switch (e)
        {
            case UserUttered u:
                LatestMessage = u.ParseData;
                break;
            case BotUttered b:
                LatestBotUtterance = b;
                break;
            case SlotSet s:
                // Rasa logs an unknown slot name and leaves the state unchanged; the event stays stored.
                if (_slots.ContainsKey(s.Name))
                {
                    _slots[s.Name] = s.Value?.DeepClone();
                }

                break;
            case ActionExecuted a:
                LatestActionName = a.Name;
                break;
            case ConversationRestarted:
                Reset();
                FollowUpAction = ActionListen;
                break;
            case SessionStarted:
                Reset();
                break;
            case AllSlotsReset:
                ResetSlots();
                break;
            case UserUtteranceReverted or ActionReverted:
                Reset();
                foreach (var applied in AppliedEvents())
                {
                    Apply(applied);
                }

                break;
            case ConversationPaused:
                Paused = true;
                break;
            case ConversationResumed:
                Paused = false;
                break;
            case FollowupAction f:
                FollowUpAction = f.Name;
                break;
        }
    }

    private void Reset()
    {
        ResetSlots();
        Paused = false;
        LatestActionName = null;
        LatestMessage = EmptyMessage();
        LatestBotUtterance = null;
        FollowUpAction = null;
    }

    private void ResetSlots()
    {
        _slots.Clear();
        foreach (var slot in _slotDefinitions)
        {
            _slots[slot.Name] = slot.InitialValue?.DeepClone();
        }
    }

    private static JsonObject EmptyMessage() => new()
    {
        ["text"] = null,
        ["intent"] = new JsonObject(),
        ["entities"] = new JsonArray(),
    };

    private static void UndoTill<T>(List<Event> applied)
        where T : Event
    {
        for (var i = applied.Count - 1; i >= 0; i--)
        {
            var removed = applied[i];
            applied.RemoveAt(i);
            if (removed is T)
            {
                return;
            }
        }
    }
}
