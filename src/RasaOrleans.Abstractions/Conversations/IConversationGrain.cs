namespace RasaOrleans.Abstractions.Conversations;

/// <summary>
/// One conversation, keyed <c>"&lt;bot&gt;/&lt;conversation id&gt;"</c>. It holds the tracker and is its only
/// writer: calls are processed one at a time in arrival order. JSON arguments are request bodies as received;
/// a malformed one gives a 400 reply and changes nothing.
/// </summary>
[Alias("rasa.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
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
    [Alias("replace-events")]
    Task<ConversationReply> ReplaceEventsAsync(string eventsJson);

    /// <summary>Appends events (a JSON list, or one event object) without predicting.</summary>
    [Alias("append-events")]
    Task<ConversationReply> AppendEventsAsync(string eventsJson, TrackerEvents includeEvents);

    /// <summary>Handles a user message end to end, running utter actions on the server (Rasa <c>respond</c>).</summary>
    [Alias("respond")]
    Task<ConversationReply> RespondAsync(string text);

    /// <summary>Scores of every action for the current state; the tracker is not changed.</summary>
    [Alias("predict")]
    Task<ConversationReply> PredictAsync();
}
