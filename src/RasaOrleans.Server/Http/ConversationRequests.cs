using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using RasaOrleans.Abstractions.Conversations;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Reads the parameters of the conversation routes (spec §4.3–4.9) from a body or a query string, rejecting
/// wrong types with a 400 that names the problem. Rasa's semantics (what a parameter means) stay in the grain.
/// </summary>
public static class ConversationRequests
{
    /// <summary>The user text of <c>parse</c>/<c>respond</c> from a JSON body: <c>query</c>, else <c>q</c>.</summary>
    public static string MessageText(JsonObject body, string route)
    {
        var key = body.ContainsKey("query") ? "query" : body.ContainsKey("q") ? "q" : null;
        if (key is null)
        {
            throw MissingText(route);
        }

        return body[key] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw RequestRejectedException.BadRequest($"'{key}' must be a string, got {RequestBody.Describe(body[key])}.");
    }

    /// <summary>The user text of <c>parse</c>/<c>respond</c> from the query string: <c>?query=</c>, else <c>?q=</c>.</summary>
    public static string MessageText(IQueryCollection query, string route) =>
        query.TryGetValue("query", out var text) || query.TryGetValue("q", out text)
            ? text.ToString()
            : throw MissingText(route);

    /// <summary><c>executed_action</c> of <c>continue</c>: a string, or null when null or missing.</summary>
    public static string? ExecutedAction(JsonObject body)
    {
        var node = body["executed_action"];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var action)
            ? action
            : throw RequestRejectedException.BadRequest($"'executed_action' must be an action name (a string) or null, got {RequestBody.Describe(node)}.");
    }

    /// <summary><c>events</c> of <c>continue</c> as JSON text: the posted list, or an empty one when missing or null.</summary>
    public static string Events(JsonObject body) => body["events"] switch
    {
        null => "[]",
        JsonArray events => events.ToJsonString(),
        var other => throw RequestRejectedException.BadRequest($"'events' must be a list of events, got {RequestBody.Describe(other)}."),
    };

    /// <summary>
    /// <c>GET .../tracker</c> options: <c>include_events</c> (later Rasa) wins; otherwise 0.10's <c>events</c>
    /// (true unless it is not <c>true</c>) and <c>ignore_restarts</c>; and <c>until</c>, a UNIX timestamp.
    /// </summary>
    public static TrackerQuery TrackerQuery(IQueryCollection query)
    {
        TrackerEvents events;
        if (query.TryGetValue("include_events", out var include))
        {
            events = IncludeEvents(include);
        }
        else if (!IsTrue(query, "events", defaultValue: true))
        {
            events = TrackerEvents.None;
        }
        else
        {
            events = IsTrue(query, "ignore_restarts", defaultValue: false) ? TrackerEvents.All : TrackerEvents.AfterRestart;
        }

        return new TrackerQuery(events, Until(query));
    }

    /// <summary><c>include_events</c> when given, else <paramref name="otherwise"/>.</summary>
    public static TrackerEvents IncludeEvents(IQueryCollection query, TrackerEvents otherwise) =>
        query.TryGetValue("include_events", out var include) ? IncludeEvents(include) : otherwise;

    private static TrackerEvents IncludeEvents(StringValues value) => value.ToString().ToUpperInvariant() switch
    {
        "AFTER_RESTART" => TrackerEvents.AfterRestart,
        "ALL" => TrackerEvents.All,
        "APPLIED" => TrackerEvents.Applied,
        "NONE" => TrackerEvents.None,
        _ => throw RequestRejectedException.BadRequest(
            $"Invalid value '{value}' for 'include_events': expected one of AFTER_RESTART, ALL, APPLIED, NONE."),
    };

    private static double? Until(IQueryCollection query)
    {
        if (!query.TryGetValue("until", out var value))
        {
            return null;
        }

        return double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var until) && double.IsFinite(until)
            ? until
            : throw RequestRejectedException.BadRequest($"Invalid value '{value}' for 'until': expected a UNIX timestamp (a number).");
    }

    // Rasa's bool_arg: the value is true only if it equals "true", ignoring case.
    private static bool IsTrue(IQueryCollection query, string name, bool defaultValue) =>
        query.TryGetValue(name, out var value) ? string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase) : defaultValue;

    private static RequestRejectedException MissingText(string route) =>
        RequestRejectedException.BadRequest($"Invalid {route} parameter specified.");

    /// <summary><c>messages</c>' body: the text and the optional <c>parse_data</c> (JSON text); only <c>sender: "user"</c>.</summary>
    public static (string Text, string? ParseData) UserMessage(JsonObject body)
    {
        var sender = body["sender"] switch
        {
            null => "user",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var other => throw RequestRejectedException.BadRequest($"'sender' must be a string, got {RequestBody.Describe(other)}."),
        };
        if (sender != "user")
        {
            throw RequestRejectedException.BadRequest(
                $"Currently, only user messages can be passed to this endpoint. Messages of sender '{sender}' cannot be handled.");
        }

        var text = body["text"] is JsonValue t && t.TryGetValue<string>(out var given)
            ? given
            : throw RequestRejectedException.BadRequest($"'text' must be a string, got {RequestBody.Describe(body["text"])}.");
        return body["parse_data"] switch
        {
            null => (text, null),
            JsonObject parseData => (text, parseData.ToJsonString()),
            var other => throw RequestRejectedException.BadRequest($"'parse_data' must be an object, got {RequestBody.Describe(other)}."),
        };
    }

    /// <summary><c>execute</c>'s body: the action's <c>name</c>; <c>policy</c> and <c>confidence</c> are checked and not kept.</summary>
    public static string ActionToExecute(JsonObject body)
    {
        if (body["policy"] is { } policy && !(policy is JsonValue p && p.TryGetValue<string>(out _)))
        {
            throw RequestRejectedException.BadRequest($"'policy' must be a string, got {RequestBody.Describe(body["policy"])}.");
        }

        if (body["confidence"] is { } confidence && !(confidence is JsonValue c && c.TryGetValue<double>(out _)))
        {
            throw RequestRejectedException.BadRequest($"'confidence' must be a number, got {RequestBody.Describe(confidence)}.");
        }

        return body["name"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var name) && name.Length > 0 => name,
            null => throw RequestRejectedException.BadRequest("Name of the action not provided in request body."),
            var other => throw RequestRejectedException.BadRequest($"'name' must be a string, got {RequestBody.Describe(other)}."),
        };
    }

    /// <summary><c>trigger_intent</c>'s body: the intent's <c>name</c> and its <c>entities</c> (an object, JSON text).</summary>
    public static (string Intent, string Entities) IntentToTrigger(JsonObject body)
    {
        var intent = body["name"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var name) && name.Length > 0 => name,
            null => throw RequestRejectedException.BadRequest("Name of the intent not provided in request body."),
            var other => throw RequestRejectedException.BadRequest($"'name' must be a string, got {RequestBody.Describe(other)}."),
        };
        return body["entities"] switch
        {
            null => (intent, "{}"),
            JsonObject entities => (intent, entities.ToJsonString()),
            var other => throw RequestRejectedException.BadRequest($"'entities' must be an object of entity names and values, got {RequestBody.Describe(other)}."),
        };
    }
}
