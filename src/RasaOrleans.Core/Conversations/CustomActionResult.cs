using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Core.Conversations;

/// <summary>
/// Runs a custom action (one that is neither an utter template nor a default action) for a tracker, e.g. on a Rasa
/// action server. The tracker is the conversation as it is before the action; it must not be changed.
/// </summary>
public delegate ValueTask<CustomActionResult> CustomActionRunner(string action, Tracker tracker);

/// <summary>What running a custom action gave.</summary>
public abstract record CustomActionResult
{
    /// <summary>The action ran: its responses (Rasa's response objects) and the events it returned, in order.</summary>
    public sealed record Completed(IReadOnlyList<JsonObject> Responses, IReadOnlyList<Event> Events) : CustomActionResult;

    /// <summary>
    /// The action refused to run (the action server's 400 <c>{action_name, error}</c>): logged as
    /// <c>action_execution_rejected</c>, and the policies predict again.
    /// </summary>
    public sealed record Rejected(string Error) : CustomActionResult;

    /// <summary>
    /// The action could not be run (no answer in time, no connection, a 5xx, an answer that is not the protocol's):
    /// the message's handling stops with <paramref name="Status"/> (502, or 504 for a timeout) and the tracker stays
    /// as it was before this action.
    /// </summary>
    public sealed record Failed(int Status, string Error) : CustomActionResult;

    /// <summary>No action server is configured: the action is logged as executed and produces nothing (as Rasa, which logs an error and goes on).</summary>
    public sealed record NotConfigured : CustomActionResult;
}
