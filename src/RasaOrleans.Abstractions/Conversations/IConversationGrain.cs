namespace RasaOrleans.Abstractions.Conversations;

/// <summary>
/// One conversation, keyed <c>"&lt;bot&gt;/&lt;conversation id&gt;"</c>. It holds the tracker and is its only
/// writer: calls are processed one at a time in arrival order. JSON arguments are request bodies as received;
/// a malformed one gives a 400 reply and changes nothing.
/// </summary>
[Alias("rasa.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>
    /// How long the tracker routes may take: their bodies are up to 64 MiB of events, measured at about 7 s on
    /// 2 cores (tens of thousands of events), so a large body finishes well inside this instead of timing out
    /// after the default 30 s while its write goes on and commits.
    /// </summary>
    public const string LongRequestTimeout = "00:03:00";

    /// <summary>A user message arrived: interpret it, log it, predict the next action (Rasa <c>parse</c>).</summary>
    [Alias("parse")]
    Task<ConversationReply> ParseAsync(string text);

    /// <summary>The client ran <paramref name="executedAction"/> producing <paramref name="eventsJson"/> (a JSON list); predict the next action.</summary>
    [Alias("continue")]
    Task<ConversationReply> ContinueAsync(string? executedAction, string eventsJson);

    /// <summary>The tracker's JSON. A conversation that does not exist yet is created.</summary>
    [Alias("tracker")]
    Task<ConversationReply> GetTrackerAsync(TrackerQuery query);

    /// <summary>Replaces the whole event log with <paramref name="eventsJson"/> (a JSON list).</summary>
    [Alias("replace-events"), ResponseTimeout(LongRequestTimeout)]
    Task<ConversationReply> ReplaceEventsAsync(string eventsJson);

    /// <summary>Appends events (a JSON list, or one event object) without predicting.</summary>
    [Alias("append-events"), ResponseTimeout(LongRequestTimeout)]
    Task<ConversationReply> AppendEventsAsync(string eventsJson, TrackerEvents includeEvents);

    /// <summary>
    /// The tracker as stored, answered at once even while a request of this conversation waits on its action server
    /// (which may be the caller). Null when the conversation was never stored: then <see cref="GetTrackerAsync"/>
    /// creates it.
    /// </summary>
    [Alias("read-tracker"), Orleans.Concurrency.AlwaysInterleave]
    Task<ConversationReply?> ReadTrackerAsync(TrackerQuery query);

    /// <summary>Handles a user message end to end, running utter actions on the server (Rasa <c>respond</c>).</summary>
    [Alias("respond"), ResponseTimeout(LongRequestTimeout)]
    Task<ConversationReply> RespondAsync(string text);

    /// <summary>
    /// A message from a channel (Rasa's REST webhook): handled end to end like <see cref="RespondAsync"/>, the
    /// bot's messages in the channels' shape (<c>text</c>, <c>buttons</c>, <c>image</c>). A reminder the message
    /// schedules sends its messages to <paramref name="channel"/> when it fires.
    /// </summary>
    [Alias("receive"), ResponseTimeout(LongRequestTimeout)]
    Task<ConversationReply> ReceiveAsync(string text, OutputChannel channel);

    /// <summary>Runs one action on the server (later Rasa's <c>execute</c>); answers <c>{"tracker", "messages"}</c>.</summary>
    [Alias("execute"), ResponseTimeout(LongRequestTimeout)]
    Task<ConversationReply> ExecuteAsync(string action);

    /// <summary>
    /// Logs the intent with <paramref name="entitiesJson"/> (a JSON object of entity values) as a user message and runs
    /// the predicted actions (later Rasa's <c>trigger_intent</c>); answers <c>{"tracker", "messages"}</c>.
    /// </summary>
    [Alias("trigger-intent"), ResponseTimeout(LongRequestTimeout)]
    Task<ConversationReply> TriggerIntentAsync(string intent, string entitiesJson);

    /// <summary>Logs a user message without predicting (later Rasa's <c>messages</c>); parsed by the NLU unless <paramref name="parseDataJson"/> is given.</summary>
    [Alias("add-message")]
    Task<ConversationReply> AddMessageAsync(string text, string? parseDataJson);

    /// <summary>Scores of every action for the current state; the tracker is not changed.</summary>
    [Alias("predict")]
    Task<ConversationReply> PredictAsync();
}
