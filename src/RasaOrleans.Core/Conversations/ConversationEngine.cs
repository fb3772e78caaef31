using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Conversations;

/// <summary>
/// Rasa Core's message processing for one conversation (spec §4.3–4.9, §5): parse, continue, the tracker routes,
/// respond and predict, on a tracker it is given. Interpretation and policy prediction are delegates, so the
/// caller decides where they run. Every request is validated before the tracker is touched: a client mistake
/// returns a 400 outcome and appends nothing.
/// </summary>
public sealed class ConversationEngine(
    DomainSpec domain,
    Func<string, ValueTask<JsonObject>> interpret,
    Func<Tracker, ValueTask<ActionPrediction>> predictWithPolicies,
    TimeProvider time)
{
    public const int MaxRespondActions = 10;

    public const string ListenAfterListenInfo =
        "You do not need to call continue after action listen got returned for the previous continue call. " +
        "You are expected to call 'parse' with the next user message.";

    public const string PausedInfo = "Bot is currently paused and no restart was received yet.";

    public DomainSpec Domain { get; } = domain;

    /// <summary>A new conversation: all slots at their initial values and one <c>action_listen</c>.</summary>
    public Tracker NewTracker(string senderId)
    {
        var tracker = new Tracker(senderId, Domain.Slots);
        tracker.Update(new ActionExecuted(DomainSpec.ActionListen) { Timestamp = Now() });
        return tracker;
    }

    /// <summary>An empty tracker with no events, for replacing the event log.</summary>
    public Tracker EmptyTracker(string senderId) => new(senderId, Domain.Slots);

    /// <summary><c>POST /conversations/{id}/parse</c>.</summary>
    public async ValueTask<TurnOutcome> ParseAsync(Tracker tracker, string text)
    {
        var parseData = await interpret(text);
        var before = tracker.Events.Count;
        LogUserMessage(tracker, text, parseData);
        if (tracker.Paused && tracker.LatestIntentName != Domain.RestartIntent)
        {
            // Upstream dropped the message here; we keep it (no event lost) and still predict nothing.
            return new TurnOutcome(200, new JsonObject
            {
                ["next_action"] = null,
                ["info"] = PausedInfo,
                ["tracker"] = tracker.CurrentState(EventVerbosity.None),
            }, tracker.Events.Count - before);
        }

        var next = await PredictAndRecordAsync(tracker);
        return new TurnOutcome(200, NextActionBody(next.Action, tracker), tracker.Events.Count - before);
    }

    /// <summary><c>POST /conversations/{id}/continue</c> with the body's <c>executed_action</c> and <c>events</c>.</summary>
    public async ValueTask<TurnOutcome> ContinueAsync(Tracker tracker, string? executedAction, JsonNode? eventsJson)
    {
        if (executedAction == DomainSpec.ActionListen)
        {
            return new TurnOutcome(200, new JsonObject
            {
                ["next_action"] = null,
                ["info"] = ListenAfterListenInfo,
                ["tracker"] = tracker.CurrentState(EventVerbosity.None),
            }, 0);
        }

        if (executedAction is not null && !Domain.HasAction(executedAction))
        {
            return TurnOutcome.BadRequest(
                $"Can not execute action '{executedAction}' as it is not listed in the domains 'actions' section in the domain YAML file. " +
                "Make sure you have added all actions to the domain file.");
        }

        List<Event> posted;
        try
        {
            posted = eventsJson is null ? [] : EventJson.DecodeList(eventsJson, Now());
        }
        catch (RasaFormatException e)
        {
            return TurnOutcome.BadRequest($"Invalid 'events': {e.Message}");
        }

        var now = Now();
        var before = tracker.Events.Count;
        if (executedAction is not null)
        {
            tracker.Update(new ActionExecuted(executedAction) { Timestamp = now });
        }

        foreach (var e in posted)
        {
            // 0.10: events reported with continue are stamped with the server's time when logged.
            tracker.Update(e with { Timestamp = now });
        }

        var next = await PredictAndRecordAsync(tracker);
        return new TurnOutcome(200, NextActionBody(next.Action, tracker), tracker.Events.Count - before);
    }

    /// <summary>
    /// <c>POST /conversations/{id}/tracker/events</c>: a JSON list (0.8–0.10: the answer has no events) or one
    /// event object (0.11: the answer includes them). Events are applied as posted; nothing is predicted.
    /// </summary>
    public TurnOutcome AppendEvents(Tracker tracker, JsonNode? body, EventVerbosity includeEvents)
    {
        List<Event> events;
        var single = body is JsonObject;
        try
        {
            events = body is JsonObject obj
                ? obj.ContainsKey("event") ? [EventJson.Decode(obj, Now())] : []
                : EventJson.DecodeList(body, Now());
        }
        catch (RasaFormatException e)
        {
            return TurnOutcome.BadRequest(e.Message);
        }

        foreach (var e in events)
        {
            tracker.Update(e);
        }

        var verbosity = single && includeEvents == EventVerbosity.None ? EventVerbosity.AfterRestart : includeEvents;
        return new TurnOutcome(200, tracker.CurrentState(verbosity), events.Count);
    }

    /// <summary>
    /// <c>PUT /conversations/{id}/tracker</c>: a tracker built from exactly the posted events (no initial
    /// listen). Returns the new tracker to replace the old one, or a 400 outcome.
    /// </summary>
    public (Tracker? Tracker, TurnOutcome Outcome) ReplaceEvents(string senderId, JsonNode? body)
    {
        List<Event> events;
        try
        {
            events = EventJson.DecodeList(body, Now());
        }
        catch (RasaFormatException e)
        {
            return (null, TurnOutcome.BadRequest(e.Message));
        }

        var tracker = Tracker.FromEvents(senderId, Domain.Slots, events);
        return (tracker, new TurnOutcome(200, tracker.CurrentState(EventVerbosity.AfterRestart), events.Count, Replaced: true));
    }

    /// <summary>
    /// <c>/conversations/{id}/respond</c>: handles the message and runs the predicted actions on the server until
    /// <c>action_listen</c> or <see cref="MaxRespondActions"/> actions; returns the bot's messages, each written by
    /// <paramref name="format"/> (default: 0.10's <c>/respond</c> shape, <see cref="BotMessage.ToRespondJson"/>).
    /// </summary>
    public async ValueTask<TurnOutcome> RespondAsync(Tracker tracker, string text, TemplateRenderer renderer, Func<BotMessage, JsonObject>? format = null)
    {
        format ??= message => message.ToRespondJson();
        var parseData = await interpret(text);
        var before = tracker.Events.Count;
        LogUserMessage(tracker, text, parseData);
        var messages = new JsonArray();
        if (tracker.Paused && tracker.LatestIntentName != Domain.RestartIntent)
        {
            return new TurnOutcome(200, messages, tracker.Events.Count - before);
        }

        for (var run = 0; run < MaxRespondActions; run++)
        {
            var next = await PredictAndRecordAsync(tracker);
            if (next.Action == DomainSpec.ActionListen)
            {
                break;
            }

            RunAction(tracker, next, renderer, messages, format);
        }

        return new TurnOutcome(200, messages, tracker.Events.Count - before);
    }

    /// <summary>
    /// <c>POST /conversations/{id}/predict</c>: every action's score for the current state, without changing the
    /// tracker (a pending follow-up action is reported, not consumed).
    /// </summary>
    public async ValueTask<TurnOutcome> PredictAsync(Tracker tracker)
    {
        var prediction = PolicyEnsemble.PredictByRules(Domain, tracker, consumeFollowUp: false) ?? await predictWithPolicies(tracker);
        var scores = new JsonArray();
        for (var i = 0; i < Domain.ActionNames.Count; i++)
        {
            scores.Add(new JsonObject { ["action"] = Domain.ActionNames[i], ["score"] = JsonFloat.Node(prediction.Scores[i]) });
        }

        return new TurnOutcome(200, new JsonObject
        {
            ["scores"] = scores,
            ["policy"] = prediction.Policy,
            ["confidence"] = JsonFloat.Node(prediction.Confidence),
            ["tracker"] = tracker.CurrentState(EventVerbosity.AfterRestart),
        }, 0);
    }

    /// <summary>Appends the user event and the slot events its entities imply.</summary>
    public void LogUserMessage(Tracker tracker, string text, JsonObject parseData)
    {
        var now = Now();
        tracker.Update(new UserUttered(text, parseData) { Timestamp = now });
        foreach (var slot in EntitySlotFilling.SlotEventsFor(Domain, parseData, now))
        {
            tracker.Update(slot);
        }
    }

    private async ValueTask<ActionPrediction> PredictAndRecordAsync(Tracker tracker)
    {
        var next = PolicyEnsemble.PredictByRules(Domain, tracker, consumeFollowUp: true) ?? await predictWithPolicies(tracker);
        if (next.Action == DomainSpec.ActionListen)
        {
            tracker.Update(Executed(next, Now()));
        }

        return next;
    }

    private void RunAction(Tracker tracker, ActionPrediction next, TemplateRenderer renderer, JsonArray messages, Func<BotMessage, JsonObject> format)
    {
        var now = Now();
        var action = next.Action;
        tracker.Update(Executed(next, now));
        var produced = new List<BotMessage>();
        List<Event> events = [];
        if (action == DomainSpec.ActionRestart)
        {
            if (Domain.Templates.ContainsKey("utter_restart"))
            {
                produced.AddRange(renderer.Render("utter_restart", tracker.Slots, tracker.SenderId));
            }

            events.Add(new ConversationRestarted { Timestamp = now });
        }
        else if (action == DomainSpec.ActionDefaultFallback)
        {
            if (Domain.Templates.ContainsKey("utter_default"))
            {
                produced.AddRange(renderer.Render("utter_default", tracker.Slots, tracker.SenderId));
            }

            events.Add(new UserUtteranceReverted { Timestamp = now });
        }
        else if (Domain.Templates.ContainsKey(action))
        {
            produced.AddRange(renderer.Render(action, tracker.Slots, tracker.SenderId));
        }

        foreach (var message in produced)
        {
            messages.Add(format(message));
            tracker.Update(new BotUttered(message.EventText, message.EventData) { Timestamp = now });
        }

        foreach (var e in events)
        {
            tracker.Update(e);
        }
    }

    /// <summary>The event for a predicted action the server itself runs or records, with the policy that chose it.</summary>
    private static ActionExecuted Executed(ActionPrediction prediction, double now) =>
        new(prediction.Action) { Timestamp = now, Policy = prediction.Policy, Confidence = prediction.Confidence };

    private static JsonObject NextActionBody(string action, Tracker tracker) => new()
    {
        ["next_action"] = action,
        ["tracker"] = tracker.CurrentState(EventVerbosity.None),
    };

    private double Now() => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;
}
