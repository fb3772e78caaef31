using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RasaOrleans.Abstractions;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Abstractions.Inference;
using RasaOrleans.Core;
using RasaOrleans.Core.Conversations;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Grains.Actions;
using RasaOrleans.Grains.Inference;
using RasaOrleans.Grains.Models;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Grains.Conversations;

/// <summary>
/// One conversation (key <c>"&lt;bot&gt;/&lt;conversation id&gt;"</c>): the single writer of its tracker.
/// Non-reentrant, so requests are handled one at a time in arrival order. Rasa's processing lives in
/// <see cref="ConversationEngine"/>; this grain loads the tracker, calls the engine with interpretation and
/// prediction routed to the local stateless workers, and persists the events a request appended. A request
/// that fails leaves the stored and the in-memory tracker as they were. Custom actions run on the bot's action
/// server while the request waits; reads of the tracker (<see cref="ReadTrackerAsync"/>) interleave and see what is
/// stored, so an action server may read the conversation it is acting for.
/// </summary>
public sealed partial class ConversationGrain(
    [PersistentState(ConversationGrainIds.StateName, StorageNames.Conversations)] IPersistentState<ConversationState> state,
    BotModels models,
    RasaMetrics metrics,
    TimeProvider time,
    IServiceProviderIsService services,
    ILogger<ConversationGrain> logger,
    Microsoft.Extensions.Options.IOptions<Orleans.Hosting.ReminderOptions>? reminderOptions = null) : Grain, IConversationGrain, IRemindable
{
    public const string NoAgentMessage =
        "No agent loaded. To continue processing, a model of a trained agent needs to be loaded.";

    private const int MaxRememberedReply = 16 * 1024;

    /// <summary>The Orleans reminder of a conversation's reminder event is named with this prefix and the event's name.</summary>
    public const string ReminderPrefix = "rasa-reminder:";

    // what a turn that threw is counted as (the client sees a 5xx)
    private const int StatusCodeOfFailure = 500;

    private Tracker? _tracker;
    private string? _trackerModel;

    // What is stored while a request runs (the state's event list grows before its write commits): read by the
    // tracker reads that interleave with the request.
    private bool _inRequest;
    private List<string> _committedEvents = [];
    private int _committedCount;
    private bool _committedExists;

    private string BotId => ConversationKey.Split(this.GetPrimaryKeyString()).BotId;

    private string SenderId => ConversationKey.Split(this.GetPrimaryKeyString()).ConversationId;

    public Task<ConversationReply> ParseAsync(string text) =>
        TurnAsync("parse", text, (engine, tracker) => engine.ParseAsync(tracker, text));

    public Task<ConversationReply> ContinueAsync(string? executedAction, string eventsJson)
    {
        JsonNode? events;
        try
        {
            events = EventJson.ParseJson(eventsJson);
        }
        catch (RasaFormatException e)
        {
            var refused = Reply(TurnOutcome.BadRequest(e.Message));
            CountTurn("continue", refused.Status, Stopwatch.GetTimestamp());
            return Task.FromResult(refused);
        }

        return TurnAsync("continue", executedAction + "\n" + eventsJson, (engine, tracker) => engine.ContinueAsync(tracker, executedAction, events));
    }

    public Task<ConversationReply> RespondAsync(string text) =>
        TurnAsync("respond", text, (engine, tracker) => engine.RespondAsync(tracker, text, new TemplateRenderer(engine.Domain)));

    public Task<ConversationReply> ReceiveAsync(string text, OutputChannel channel) =>
        TurnAsync("receive", text, (engine, tracker) => engine.RespondAsync(tracker, text, new TemplateRenderer(engine.Domain), m => m.ToChannelJson()), channel);

    public Task<ConversationReply> ExecuteAsync(string action) =>
        TurnAsync("execute", action, (engine, tracker) => engine.ExecuteAsync(tracker, action, new TemplateRenderer(engine.Domain)));

    public Task<ConversationReply> TriggerIntentAsync(string intent, string entitiesJson)
    {
        JsonObject entities;
        try
        {
            entities = EventJson.ParseJson(entitiesJson) as JsonObject ?? throw new RasaFormatException("'entities' must be an object of entity names and values.");
        }
        catch (RasaFormatException e)
        {
            return Task.FromResult(Reply(TurnOutcome.BadRequest(e.Message)));
        }

        return TurnAsync("trigger_intent", intent + "\n" + entitiesJson, (engine, tracker) => engine.TriggerIntentAsync(tracker, intent, entities, new TemplateRenderer(engine.Domain)));
    }

    public Task<ConversationReply> AddMessageAsync(string text, string? parseDataJson)
    {
        JsonObject? parseData = null;
        if (parseDataJson is not null)
        {
            try
            {
                // the same checks as a posted user event's parse_data
                var user = EventJson.Decode(new JsonObject { ["event"] = UserUttered.Type, ["text"] = text, ["parse_data"] = EventJson.ParseJson(parseDataJson) }, 0);
                parseData = ((UserUttered)user).ParseData;
            }
            catch (RasaFormatException e)
            {
                return Task.FromResult(Reply(TurnOutcome.BadRequest($"Invalid 'parse_data': {e.Message}")));
            }
        }

        return TurnAsync("messages", text + "\n" + parseDataJson, (engine, tracker) => engine.AddMessageAsync(tracker, text, parseData));
    }

    public Task<ConversationReply?> ReadTrackerAsync(TrackerQuery query)
    {
        if (Bot() is not { } bot)
        {
            return Task.FromResult<ConversationReply?>(NoAgent());
        }

        Tracker tracker;
        if (!_inRequest)
        {
            if (!state.State.Exists)
            {
                // reading a conversation that was never stored creates it: that is a write, in turn with the others
                return Task.FromResult<ConversationReply?>(null);
            }

            tracker = TrackerFor(bot, CreateEngine(bot));
        }
        else if (!_committedExists)
        {
            // the request under way creates the conversation; until it is stored it looks new
            tracker = CreateEngine(bot).NewTracker(SenderId);
        }
        else
        {
            tracker = FromStored(bot, _committedEvents.Take(_committedCount));
        }

        return Task.FromResult<ConversationReply?>(Reply(TrackerView(tracker, query)));
    }

    /// <summary>
    /// An Orleans reminder of this conversation is due: its reminder event fires (once: the user message it logs names
    /// it) through the action loop, then the Orleans reminder is removed. Without a loaded model it stays, and the next
    /// tick tries again. The bot's messages go to the output channel of the turn that scheduled it (the callback url when
    /// that was the callback channel; the tracker keeps them either way).
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!reminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal))
        {
            return;
        }

        if (Bot() is null)
        {
            LogReminderWithoutModel(logger, this.GetPrimaryKeyString(), reminderName);
            return;
        }

        var name = reminderName[ReminderPrefix.Length..];
        // the fired turn has the channel of the turn that scheduled it: a reminder it schedules again keeps it
        var channel = state.State.ReminderChannels?.GetValueOrDefault(name) ?? OutputChannel.None;
        ConversationReply reply;
        try
        {
            reply = await TurnAsync("reminder", null, (engine, tracker) => engine.FireReminderAsync(tracker, name, new TemplateRenderer(engine.Domain)), channel);
            LogReminderFired(logger, this.GetPrimaryKeyString(), name, reply.Status);
        }
        finally
        {
            await UnregisterAsync(reminderName);
        }

        if (channel == OutputChannel.Callback && JsonText.Read(reply.Json)["messages"] is JsonArray { Count: > 0 } messages)
        {
            await SendToCallbackAsync(name, messages);
        }
    }

    // Posts a fired reminder's messages to the callback url, waiting no longer than the client's timeout. A failure is
    // logged: the messages are in the tracker, and the reminder is not tried again.
    private async Task SendToCallbackAsync(string name, JsonArray messages)
    {
        if (ServiceProvider.GetService<ICallbackOutput>() is not { } output)
        {
            LogReminderWithoutCallbackUrl(logger, this.GetPrimaryKeyString(), name);
            return;
        }

        using var deadline = new CancellationTokenSource(output.Timeout);
        string? error;
        try
        {
            error = await output.SendAsync(messages, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            error = $"the callback url did not take the messages within {output.Timeout.TotalSeconds} s";
        }
        catch (Exception e)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            LogReminderDeliveryFailed(logger, this.GetPrimaryKeyString(), name, error);
        }
    }

    public Task<ConversationReply> PredictAsync() =>
        TurnAsync("predict", null, (engine, tracker) => engine.PredictAsync(tracker));

    public Task<ConversationReply> GetTrackerAsync(TrackerQuery query) =>
        TurnAsync("tracker", null, (_, tracker) => ValueTask.FromResult(TrackerView(tracker, query)));

    public Task<ConversationReply> AppendEventsAsync(string eventsJson, TrackerEvents includeEvents)
    {
        JsonNode? body;
        try
        {
            body = EventJson.ParseJson(eventsJson);
        }
        catch (RasaFormatException e)
        {
            return Task.FromResult(Reply(TurnOutcome.BadRequest(e.Message)));
        }

        return TurnAsync("append", includeEvents + "\n" + eventsJson, (engine, tracker) => ValueTask.FromResult(engine.AppendEvents(tracker, body, ToVerbosity(includeEvents))));
    }

    public async Task<ConversationReply> ReplaceEventsAsync(string eventsJson)
    {
        if (Bot() is not { } bot)
        {
            return NoAgent();
        }

        var requestId = RequestKey("replace", eventsJson);
        if (Repeated(requestId) is { } answered)
        {
            return answered;
        }

        JsonNode? body;
        try
        {
            body = EventJson.ParseJson(eventsJson);
        }
        catch (RasaFormatException e)
        {
            return Reply(TurnOutcome.BadRequest(e.Message));
        }

        var (replacement, outcome) = CreateEngine(bot).ReplaceEvents(SenderId, body);
        if (replacement is null)
        {
            return Reply(outcome);
        }

        var reply = Reply(outcome);
        var last = Remember(requestId, reply);
        BeginRequest();
        var (events, generation, exists) = (state.State.Events, state.State.Generation, state.State.Exists);
        state.State.Events = [.. replacement.Events.Select(e => JsonText.Write(EventJson.Encode(e)))];
        state.State.Generation++;
        try
        {
            await SaveAsync(() =>
            {
                (state.State.Events, state.State.Generation, state.State.Exists) = (events, generation, exists);
                last();
            });
        }
        finally
        {
            _inRequest = false;
        }

        _tracker = replacement;
        _trackerModel = bot.Fingerprint;
        return reply;
    }

    // payload: what the request asks (null for reads, which are never remembered as repeatable writes); channel: where
    // the messages of a reminder scheduled in this turn go when it fires
    private async Task<ConversationReply> TurnAsync(string kind, string? payload, Func<ConversationEngine, Tracker, ValueTask<TurnOutcome>> handle,
        OutputChannel channel = OutputChannel.None)
    {
        var started = Stopwatch.GetTimestamp();
        if (Bot() is not { } bot)
        {
            var unavailable = NoAgent();
            CountTurn(kind, unavailable.Status, started);
            return unavailable;
        }

        var requestId = payload is null ? null : RequestKey(kind, payload);
        if (Repeated(requestId) is { } answered)
        {
            return answered;
        }

        var engine = CreateEngine(bot);
        var tracker = TrackerFor(bot, engine);
        var persisted = state.State.Events.Count;
        BeginRequest();
        try
        {
            var outcome = await handle(engine, tracker);
            if (outcome.Status is < 200 or >= 300 && !outcome.KeepEvents)
            {
                // A refused request changes nothing: no event, and no conversation if there was none.
                if (tracker.Events.Count != persisted)
                {
                    _tracker = null;
                }

                var refused = Reply(outcome);
                CountTurn(kind, refused.Status, started);
                return refused;
            }

            // Rendered before anything is stored: what a request stores can always be written back.
            var reply = Reply(outcome);
            var appended = tracker.Events.Count - persisted;
            if (appended > 0 || !state.State.Exists)
            {
                var exists = state.State.Exists;
                var channels = state.State.ReminderChannels;
                var last = Remember(requestId, reply);
                foreach (var e in tracker.Events.Skip(persisted))
                {
                    state.State.Events.Add(JsonText.Write(EventJson.Encode(e)));
                }

                state.State.ReminderChannels = ReminderChannelsAfter(tracker, persisted, channel, channels);
                await SaveAsync(() =>
                {
                    state.State.Events.RemoveRange(persisted, state.State.Events.Count - persisted);
                    state.State.Exists = exists;
                    state.State.ReminderChannels = channels;
                    last();
                });
            }

            if (outcome.KeepEvents)
            {
                // a request that stopped part way (an action server failed): memory is rebuilt from what was stored
                _tracker = null;
            }

            if (kind is "respond" or "receive" or "execute" or "trigger_intent" or "reminder")
            {
                // actions the server ran may have scheduled or cancelled reminders: now that their events are stored
                await SyncRemindersAsync(tracker, persisted);
            }

            CountTurn(kind, reply.Status, started);
            return reply;
        }
        catch
        {
            // The in-memory tracker may hold events that were never stored: rebuild it from storage next time.
            _tracker = null;
            CountTurn(kind, StatusCodeOfFailure, started);
            throw;
        }
        finally
        {
            _inRequest = false;
        }
    }

    // Registers the Orleans reminders of the reminder events appended from `from` on, and removes those cancelled (a
    // cancel_reminder, a restart). A failure here is logged: the events are stored, the reminder would not fire.
    private async Task SyncRemindersAsync(Tracker tracker, int from)
    {
        var (scheduled, cancelled, cancelAll) = Core.Conversations.Reminders.Changes(tracker.Events, from);
        if (scheduled.Count == 0 && cancelled.Count == 0 && !cancelAll)
        {
            return;
        }

        try
        {
            if (cancelAll)
            {
                foreach (var reminder in await this.GetReminders())
                {
                    if (reminder.ReminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal))
                    {
                        await this.UnregisterReminder(reminder);
                    }
                }
            }

            foreach (var name in cancelled)
            {
                await UnregisterAsync(ReminderPrefix + name);
            }

            var period = reminderOptions?.Value.MinimumReminderPeriod is { } minimum && minimum > TimeSpan.Zero ? minimum : TimeSpan.FromMinutes(1);
            foreach (var reminder in scheduled)
            {
                var due = reminder.DueAt - time.GetUtcNow();
                await this.RegisterOrUpdateReminder(ReminderPrefix + reminder.Name, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
            }
        }
        catch (Exception e)
        {
            LogReminderSyncFailed(logger, e, this.GetPrimaryKeyString());
        }
    }

    // The output channels of the reminders still pending after a turn that appended events from `from` on: those it
    // scheduled get its channel, those that fired or were cancelled are forgotten. Null when none has a channel.
    private static Dictionary<string, OutputChannel>? ReminderChannelsAfter(Tracker tracker, int from, OutputChannel channel,
        Dictionary<string, OutputChannel>? before)
    {
        var scheduled = Core.Conversations.Reminders.Changes(tracker.Events, from).Scheduled;
        if (before is null && (channel == OutputChannel.None || scheduled.Count == 0))
        {
            return null;
        }

        var after = new Dictionary<string, OutputChannel>(StringComparer.Ordinal);
        foreach (var (name, kept) in before ?? [])
        {
            if (Core.Conversations.Reminders.Pending(tracker.Events, name) is not null)
            {
                after[name] = kept;
            }
        }

        foreach (var reminder in scheduled)
        {
            // a reminder scheduled again under its name replaces the earlier one, channel included
            after.Remove(reminder.Name);
            if (channel != OutputChannel.None && Core.Conversations.Reminders.Pending(tracker.Events, reminder.Name) is not null)
            {
                after[reminder.Name] = channel;
            }
        }

        return after.Count > 0 ? after : null;
    }

    private async Task UnregisterAsync(string reminderName)
    {
        try
        {
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e)
        {
            LogReminderSyncFailed(logger, e, this.GetPrimaryKeyString());
        }
    }

    // A request starts: what is stored now is what interleaved reads see until its write ends.
    private void BeginRequest()
    {
        _inRequest = true;
        MarkCommitted();
    }

    private void MarkCommitted() =>
        (_committedEvents, _committedCount, _committedExists) = (state.State.Events, state.State.Events.Count, state.State.Exists);

    private static TurnOutcome TrackerView(Tracker tracker, TrackerQuery query)
    {
        var view = query.Until is { } until ? tracker.TravelBackInTime(until) : tracker;
        return new TurnOutcome(200, view.CurrentState(ToVerbosity(query.Events)), 0);
    }

    // Counts a turn (parse, continue, respond, receive, execute, trigger_intent, reminder; not reads, appends or
    // predict) by its outcome. Only turns
    // this activation handled: a repeated request answered from the stored reply was counted when it ran.
    private void CountTurn(string kind, int status, long started)
    {
        if (kind is not ("parse" or "continue" or "respond" or "receive" or "execute" or "trigger_intent" or "reminder"))
        {
            return;
        }

        var tags = new TagList
        {
            { RasaMetrics.BotTag, BotId },
            { RasaMetrics.TurnKindTag, kind },
            { RasaMetrics.TurnOutcomeTag, TurnOutcomes.ForStatus(status) },
        };
        metrics.Turns.Add(1, tags);
        metrics.TurnLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
    }

    // The stored answer when this request was already applied (sent again after a silo failed), else null.
    private ConversationReply? Repeated(string? requestId) =>
        requestId is not null && requestId == state.State.LastRequestId && state.State.LastReply is { } json
            ? new ConversationReply(state.State.LastStatus, json)
            : null;

    // The request's id bound to what it asks: a client that reuses an Idempotency-Key for another request gets
    // that request applied, not the earlier answer. Null without a request id.
    private static string? RequestKey(string kind, string payload) =>
        RequestIds.Current is { } id
            ? $"{id}#{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kind + "\n" + payload)))[..32]}"
            : null;

    // Stores the request's id and answer with its write; returns how to forget them if the write fails. An answer
    // larger than MaxRememberedReply (a tracker route answering with every event) is not kept: the head row is
    // written every turn and stays small.
    private Action Remember(string? requestId, ConversationReply reply)
    {
        var (id, status, json) = (state.State.LastRequestId, state.State.LastStatus, state.State.LastReply);
        if (requestId is not null && reply.Json.Length <= MaxRememberedReply)
        {
            (state.State.LastRequestId, state.State.LastStatus, state.State.LastReply) = (requestId, reply.Status, reply.Json);
        }

        return () => (state.State.LastRequestId, state.State.LastStatus, state.State.LastReply) = (id, status, json);
    }

    /// <summary>
    /// Writes the state. A write can fail after it committed (a lost connection, a timeout on the answer), so on
    /// failure the stored state is read back and is the truth: if it holds this write, the request succeeded;
    /// if not, the in-memory state is what was stored before and the failure is thrown.
    /// </summary>
    private async Task SaveAsync(Action undo)
    {
        var (exists, botId, writeId) = (state.State.Exists, state.State.BotId, state.State.WriteId);
        var thisWrite = Guid.NewGuid().ToString("N");
        (state.State.Exists, state.State.BotId, state.State.WriteId) = (true, BotId, thisWrite);
        try
        {
            await state.WriteStateAsync();
            MarkCommitted();
        }
        catch (Orleans.Storage.InconsistentStateException e)
        {
            // another writer changed the stored conversation (a second activation after a false "dead" verdict):
            // this write did not happen, and this activation's memory is stale
            LogWriteFailed(logger, e, this.GetPrimaryKeyString());
            (state.State.Exists, state.State.BotId, state.State.WriteId) = (exists, botId, writeId);
            undo();
            MarkCommitted();
            _tracker = null;
            DeactivateOnIdle();
            throw;
        }
        catch (Exception e)
        {
            LogWriteFailed(logger, e, this.GetPrimaryKeyString());
            _tracker = null;
            switch (await ReadBackAsync())
            {
                case null:
                    // the read failed too: memory is put back as it was, and the activation goes
                    (state.State.Exists, state.State.BotId, state.State.WriteId) = (exists, botId, writeId);
                    undo();
                    MarkCommitted();
                    throw;
                case var stored when stored == thisWrite:
                    LogCommittedAnyway(logger, this.GetPrimaryKeyString());
                    MarkCommitted();
                    return;
                default:
                    // not committed: what was read back is the stored state, and it is what memory holds now
                    MarkCommitted();
                    throw;
            }
        }
    }

    // The write id of the stored conversation (what was just read back replaces the state in memory), or null
    // when it could not be read. Every write stores a new id, so the id says whether a failed write committed.
    private async Task<string?> ReadBackAsync()
    {
        try
        {
            await state.ReadStateAsync();
            if (!state.RecordExists)
            {
                // nothing stored: a provider may leave the unsaved state in place
                state.State = new ConversationState();
                return "";
            }

            return state.State.WriteId ?? "";
        }
        catch (Exception e)
        {
            // neither memory nor storage can be trusted now: start again from storage on the next request
            LogReadBackFailed(logger, e, this.GetPrimaryKeyString());
            DeactivateOnIdle();
            return null;
        }
    }

    /// <summary>
    /// The tracker rebuilt from the stored events once per activation (and again if the bot's model changed,
    /// since slots come from the domain); a conversation never stored starts with one <c>action_listen</c>.
    /// </summary>
    private Tracker TrackerFor(LoadedBot bot, ConversationEngine engine)
    {
        if (_tracker is not null && _trackerModel == bot.Fingerprint)
        {
            return _tracker;
        }

        if (!state.State.Exists)
        {
            _tracker = engine.NewTracker(SenderId);
        }
        else
        {
            _tracker = FromStored(bot, state.State.Events);
        }

        _trackerModel = bot.Fingerprint;
        return _tracker;
    }

    // A tracker rebuilt from stored event JSON, with the bot's slots.
    private Tracker FromStored(LoadedBot bot, IEnumerable<string> events)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        return Tracker.FromEvents(SenderId, bot.Dialogue.Domain.Slots, events.Select(json => EventJson.Decode(JsonText.Read(json).AsObject(), now)));
    }

    private ConversationEngine CreateEngine(LoadedBot bot)
    {
        var label = this.GetPrimaryKeyString();
        var model = new InProcessHandle(bot, label);
        return new ConversationEngine(
            bot.Dialogue.Domain,
            // A worker call answers null when it left this silo, and times out (after a few seconds, not the default
            // 30) when the silo's worker activation lost it: both happen only while a silo shuts down. Then the
            // inference runs here: the same model, the same answer.
            async text => (await WorkerCallAsync(() => GrainReferences.Get<INluGrain>(GrainFactory, 0).ParseWithAsync(model, text)))?.Value as JsonObject
                ?? NluWorkerGrain.ParseLocally(bot, text),
            async tracker =>
            {
                var result = await WorkerCallAsync(() => GrainReferences.Get<IPolicyGrain>(GrainFactory, 0).PredictAsync(model, new InProcessHandle(tracker, label)))
                    ?? PolicyWorkerGrain.Predict(bot, tracker, metrics);
                return new ActionPrediction(result.Action, result.Confidence, result.Policy, result.Scores);
            },
            time,
            // the action server's client (a typed HttpClient) is made when an action runs, not kept by every activation
            services.IsService(typeof(IActionServer)) ? (action, tracker) => ServiceProvider.GetRequiredService<IActionServer>().RunAsync(action, tracker, bot.Dialogue.Domain) : null);
    }

    private LoadedBot? Bot() => models.Find(BotId);

    // The worker's answer, or null when the call timed out (the caller then runs the inference itself).
    private async Task<T?> WorkerCallAsync<T>(Func<Task<T?>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (TimeoutException e)
        {
            LogWorkerTimedOut(logger, e, this.GetPrimaryKeyString());
            return null;
        }
    }

    private static ConversationReply NoAgent() =>
        new(503, JsonText.Write(new JsonObject { ["error"] = NoAgentMessage }));

    private static ConversationReply Reply(TurnOutcome outcome) => new(outcome.Status, JsonText.Write(outcome.Body));

    private static EventVerbosity ToVerbosity(TrackerEvents events) => events switch
    {
        TrackerEvents.None => EventVerbosity.None,
        TrackerEvents.All => EventVerbosity.All,
        TrackerEvents.Applied => EventVerbosity.Applied,
        _ => EventVerbosity.AfterRestart,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Key}: an inference worker did not answer in time (the silo may be stopping); running it in the conversation")]
    private static partial void LogWorkerTimedOut(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Key}: reminder {Reminder} is due but no model is loaded; it is tried again at its next tick")]
    private static partial void LogReminderWithoutModel(ILogger logger, string key, string reminder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Key}: reminder {Reminder} was due (status {Status})")]
    private static partial void LogReminderFired(ILogger logger, string key, string reminder, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {Key}: the messages of reminder {Reminder} did not reach the callback channel (they are in the tracker): {Error}")]
    private static partial void LogReminderDeliveryFailed(ILogger logger, string key, string reminder, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Key}: reminder {Reminder} was scheduled through the callback channel, which this server does not serve; its messages are only in the tracker")]
    private static partial void LogReminderWithoutCallbackUrl(ILogger logger, string key, string reminder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {Key}: its reminders could not be registered or removed")]
    private static partial void LogReminderSyncFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing conversation {Key} failed; reading it back to see whether the write committed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Key}: the failed write had committed; the request succeeded")]
    private static partial void LogCommittedAnyway(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {Key}: reading back after a failed write failed too; the activation is dropped")]
    private static partial void LogReadBackFailed(ILogger logger, Exception exception, string key);
}
