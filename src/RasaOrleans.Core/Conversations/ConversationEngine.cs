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
    TimeProvider time,
    CustomActionRunner? runCustomAction = null)
{
    /// <summary>How many actions the server runs for one message at most (Rasa's <c>max_number_of_predictions</c>).</summary>
    public const int MaxRespondActions = 10;

    /// <summary>The text of the user event <c>trigger_intent</c> logs (Rasa's external message prefix and the intent).</summary>
    public const string ExternalMessagePrefix = "EXTERNAL: ";

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
    /// <paramref name="format"/> (default: 0.10's <c>/respond</c> shape, <see cref="IBotOutput.ToRespondJson"/>).
    /// </summary>
    public async ValueTask<TurnOutcome> RespondAsync(Tracker tracker, string text, TemplateRenderer renderer, Func<IBotOutput, JsonObject>? format = null)
    {
        format ??= message => message.ToRespondJson();
        var parseData = await interpret(text);
        var before = tracker.Events.Count;
        LogUserMessage(tracker, text, parseData);
        var messages = new List<IBotOutput>();
        if (tracker.Paused && tracker.LatestIntentName != Domain.RestartIntent)
        {
            return new TurnOutcome(200, new JsonArray(), tracker.Events.Count - before);
        }

        var failure = await PredictAndRunAsync(tracker, renderer, messages);
        var body = new JsonArray([.. messages.Select(m => (JsonNode)format(m))]);
        return failure is null
            ? new TurnOutcome(200, body, tracker.Events.Count - before)
            : Failure(failure, body, tracker.Events.Count - before);
    }

    /// <summary>
    /// <c>POST /conversations/{id}/trigger_intent</c> (later Rasa): logs a user event with the intent and entities as if
    /// the user had said it (text <c>EXTERNAL: &lt;intent&gt;</c>), then runs the predicted actions like <c>respond</c>.
    /// Answers <c>{"tracker", "messages"}</c>; an intent the domain does not list is a 404.
    /// </summary>
    public ValueTask<TurnOutcome> TriggerIntentAsync(Tracker tracker, string intent, JsonObject entities, TemplateRenderer renderer) =>
        TriggerIntentAsync(tracker, intent, entities, renderer, metadata: null);

    /// <summary>
    /// A reminder is due: when it is still pending (see <see cref="Reminders.Pending"/>), its intent is triggered
    /// (later Rasa), or its action run and the next actions predicted (0.x); the user message it logs names it, so it
    /// fires once. Answers <c>{"fired", "tracker", "messages"}</c>.
    /// </summary>
    public async ValueTask<TurnOutcome> FireReminderAsync(Tracker tracker, string name, TemplateRenderer renderer)
    {
        if (Reminders.Pending(tracker.Events, name) is not { } reminder)
        {
            return new TurnOutcome(200, new JsonObject { ["fired"] = false }, 0);
        }

        var metadata = new JsonObject { [Reminders.FiredMarker] = name };
        TurnOutcome outcome;
        if (reminder.Intent is { } intent)
        {
            outcome = await TriggerIntentAsync(tracker, intent, Reminders.EntityValues(reminder), renderer, metadata);
        }
        else
        {
            // 0.x: an empty user message (so the previous one does not shape the prediction), the action, then the loop
            var before = tracker.Events.Count;
            LogUserMessage(tracker, null, new JsonObject
            {
                ["intent"] = new JsonObject { ["name"] = null, ["confidence"] = 0.0 },
                ["entities"] = new JsonArray(),
                ["text"] = null,
                ["metadata"] = metadata,
            });
            var messages = new List<IBotOutput>();
            var failure = Domain.HasAction(reminder.Action!)
                ? await RunActionAsync(tracker, reminder.Action!, null, renderer, messages) ?? await PredictAndRunAsync(tracker, renderer, messages)
                : null;
            outcome = TrackerAndMessages(tracker, messages, failure, before);
        }

        if (outcome.Body is JsonObject body)
        {
            body["fired"] = outcome.Status == 200 || outcome.KeepEvents;
        }

        return outcome;
    }

    private async ValueTask<TurnOutcome> TriggerIntentAsync(Tracker tracker, string intent, JsonObject entities, TemplateRenderer renderer, JsonObject? metadata)
    {
        if (!Domain.HasIntent(intent))
        {
            return new TurnOutcome(404, new JsonObject { ["error"] = $"The intent {intent} does not exist in the domain." }, 0);
        }

        var entityList = new JsonArray();
        foreach (var (name, value) in entities)
        {
            entityList.Add(new JsonObject { ["entity"] = name, ["value"] = value?.DeepClone() });
        }

        var text = ExternalMessagePrefix + intent;
        var parseData = new JsonObject
        {
            ["intent"] = new JsonObject { ["name"] = intent, ["confidence"] = 1.0 },
            ["entities"] = entityList,
            ["text"] = text,
            ["intent_ranking"] = new JsonArray(new JsonObject { ["name"] = intent, ["confidence"] = 1.0 }),
        };
        if (metadata is not null)
        {
            parseData["metadata"] = metadata;
        }

        var before = tracker.Events.Count;
        LogUserMessage(tracker, text, parseData);
        var messages = new List<IBotOutput>();
        ActionFailure? failure = null;
        if (!tracker.Paused || tracker.LatestIntentName == Domain.RestartIntent)
        {
            failure = await PredictAndRunAsync(tracker, renderer, messages);
        }

        return TrackerAndMessages(tracker, messages, failure, before);
    }

    /// <summary>
    /// <c>POST /conversations/{id}/execute</c> (later Rasa): runs the named action once, as if a policy had predicted it
    /// (nothing is predicted after it). Answers <c>{"tracker", "messages"}</c>; an action the domain does not list is a 400.
    /// </summary>
    public async ValueTask<TurnOutcome> ExecuteAsync(Tracker tracker, string action, TemplateRenderer renderer)
    {
        if (!Domain.HasAction(action))
        {
            return TurnOutcome.BadRequest($"Request contains invalid data: the action '{action}' is not in the domain.");
        }

        var before = tracker.Events.Count;
        var messages = new List<IBotOutput>();
        ActionFailure? failure;
        if (action == DomainSpec.ActionListen)
        {
            tracker.Update(new ActionExecuted(action) { Timestamp = Now() });
            failure = null;
        }
        else
        {
            failure = await RunActionAsync(tracker, action, null, renderer, messages);
        }

        return TrackerAndMessages(tracker, messages, failure, before);
    }

    /// <summary>
    /// <c>POST /conversations/{id}/messages</c> (later Rasa): logs a user message without predicting. Without
    /// <paramref name="parseData"/> the text is interpreted by the NLU model. Answers the tracker.
    /// </summary>
    public async ValueTask<TurnOutcome> AddMessageAsync(Tracker tracker, string text, JsonObject? parseData)
    {
        var before = tracker.Events.Count;
        LogUserMessage(tracker, text, parseData ?? await interpret(text));
        return new TurnOutcome(200, tracker.CurrentState(EventVerbosity.AfterRestart), tracker.Events.Count - before);
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
    public void LogUserMessage(Tracker tracker, string? text, JsonObject parseData)
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

    /// <summary>An action that could not be run: the status and the error the client gets.</summary>
    private sealed record ActionFailure(int Status, string Action, string Error);

    // Predicts and runs actions until action_listen or the limit; null, or the failure that stopped it.
    private async ValueTask<ActionFailure?> PredictAndRunAsync(Tracker tracker, TemplateRenderer renderer, List<IBotOutput> messages)
    {
        for (var run = 0; run < MaxRespondActions; run++)
        {
            var next = await PredictAndRecordAsync(tracker);
            if (next.Action == DomainSpec.ActionListen)
            {
                return null;
            }

            if (await RunActionAsync(tracker, next.Action, next, renderer, messages) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    // Runs one action on the server: templates and default actions here, any other action with the custom action
    // runner. Appends the action's events (with the policy that chose it, when one did); on failure appends nothing.
    private async ValueTask<ActionFailure?> RunActionAsync(Tracker tracker, string action, ActionPrediction? prediction, TemplateRenderer renderer, List<IBotOutput> messages)
    {
        var produced = new List<IBotOutput>();
        List<Event> events = [];
        if (action == DomainSpec.ActionRestart)
        {
            if (Domain.Templates.ContainsKey("utter_restart"))
            {
                produced.AddRange(renderer.Render("utter_restart", tracker.Slots, tracker.SenderId));
            }

            events.Add(new ConversationRestarted());
        }
        else if (action == DomainSpec.ActionDefaultFallback)
        {
            if (Domain.Templates.ContainsKey("utter_default"))
            {
                produced.AddRange(renderer.Render("utter_default", tracker.Slots, tracker.SenderId));
            }

            events.Add(new UserUtteranceReverted());
        }
        else if (Domain.Templates.ContainsKey(action))
        {
            produced.AddRange(renderer.Render(action, tracker.Slots, tracker.SenderId));
        }
        else if (runCustomAction is not null)
        {
            switch (await runCustomAction(action, tracker))
            {
                case CustomActionResult.Completed completed:
                    foreach (var response in completed.Responses)
                    {
                        produced.AddRange(ActionServerMessage.From(response, tracker.SenderId, renderer, tracker.Slots));
                    }

                    events.AddRange(completed.Events);
                    break;
                case CustomActionResult.Rejected:
                    // Rasa: the action is not logged as executed, and the policies predict again
                    tracker.Update(new ActionExecutionRejected(action) { Timestamp = Now() });
                    return null;
                case CustomActionResult.Failed failed:
                    return new ActionFailure(failed.Status, action, failed.Error);
                default:
                    // no action server: logged as executed, nothing produced (Rasa logs the error and goes on)
                    break;
            }
        }

        var now = Now();
        tracker.Update(prediction is null ? new ActionExecuted(action) { Timestamp = now } : Executed(prediction, now));
        foreach (var message in produced)
        {
            messages.Add(message);
            tracker.Update(new BotUttered(message.EventText, message.EventData) { Timestamp = now });
        }

        foreach (var e in events)
        {
            // events an action server sent keep their own time; ours get now
            tracker.Update(e.Timestamp == 0 ? e with { Timestamp = now } : e);
        }

        return null;
    }

    private static TurnOutcome Failure(ActionFailure failure, JsonArray messages, int appended) =>
        new(failure.Status, new JsonObject
        {
            ["error"] = $"Failed to execute custom action '{failure.Action}': {failure.Error} " +
                "The conversation keeps the events before this action.",
            ["action"] = failure.Action,
            ["messages"] = messages,
        }, appended, KeepEvents: true);

    private static TurnOutcome TrackerAndMessages(Tracker tracker, List<IBotOutput> messages, ActionFailure? failure, int before)
    {
        var body = new JsonArray([.. messages.Select(m => (JsonNode)m.ToChannelJson())]);
        return failure is null
            ? new TurnOutcome(200, new JsonObject
            {
                ["tracker"] = tracker.CurrentState(EventVerbosity.AfterRestart),
                ["messages"] = body,
            }, tracker.Events.Count - before)
            : Failure(failure, body, tracker.Events.Count - before);
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
