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

    /// <summary>Handles a user message end to end, running utter actions on the server (Rasa <c>respond</c>).</summary>
    [Alias("respond")]
    Task<ConversationReply> RespondAsync(string text);

    /// <summary>
    /// A message from a channel (Rasa's REST webhook): handled end to end like <see cref="RespondAsync"/>, the
    /// bot's messages in the channels' shape (<c>text</c>, <c>buttons</c>, <c>image</c>).
    /// </summary>
    [Alias("receive")]
    Task<ConversationReply> ReceiveAsync(string text);

    /// <summary>Scores of every action for the current state; the tracker is not changed.</summary>
    [Alias("predict")]
    Task<ConversationReply> PredictAsync();
}
