using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>
/// Decodes events from and encodes them to exactly Rasa's JSON (spec §7). Decoding errors are
/// <see cref="RasaFormatException"/>s that name the event and the problem.
/// </summary>
public static class EventJson
{
    /// <summary>Every <c>event</c> value this server understands.</summary>
    public static IReadOnlyList<string> KnownTypes { get; } =
    [
        UserUttered.Type, BotUttered.Type, SlotSet.Type, ActionExecuted.Type, ConversationRestarted.Type,
        AllSlotsReset.Type, UserUtteranceReverted.Type, ActionReverted.Type, ConversationPaused.Type,
        ConversationResumed.Type, ReminderScheduled.Type, TopicSet.Type, StoryExported.Type, AgentUttered.Type,
        FollowupAction.Type, SessionStarted.Type, ActionExecutionRejected.Type, ReminderCancelled.Type,
    ];

    /// <summary>
    /// Decodes a JSON array of events. Entries without an <c>event</c> key are skipped, as Rasa does.
    /// </summary>
    public static List<Event> DecodeList(JsonNode? node, double now)
    {
        if (node is not JsonArray array)
        {
            throw new RasaFormatException($"expected a JSON list of events, got {Describe(node)}");
        }

        var events = new List<Event>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject obj)
            {
                throw new RasaFormatException($"event #{i}: expected a JSON object, got {Describe(array[i])}");
            }

            if (!obj.ContainsKey("event"))
            {
                continue;
            }

            try
            {
                events.Add(Decode(obj, now));
            }
            catch (RasaFormatException e)
            {
                throw new RasaFormatException($"event #{i}: {e.Problem}");
            }
        }

        return events;
    }

    /// <summary>Parses JSON text into a list of events (see <see cref="DecodeList"/>).</summary>
    public static List<Event> DecodeList(string json, double now) => DecodeList(ParseJson(json), now);

    /// <summary>Decodes one event object. A missing <c>timestamp</c> becomes <paramref name="now"/>.</summary>
    public static Event Decode(JsonObject obj, double now)
    {
        var type = obj["event"] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new RasaFormatException($"the 'event' key must be a string naming the event type, got {Describe(obj["event"])}");
        var timestamp = OptionalNumber(obj, "timestamp", type) ?? now;

        Event e = type switch
        {
            UserUttered.Type => DecodeUser(obj),
            BotUttered.Type => new BotUttered(OptionalString(obj, "text", type), Clone(obj["data"])),
            SlotSet.Type => new SlotSet(RequiredString(obj, "name", type), Clone(obj["value"])),
            ActionExecuted.Type => new ActionExecuted(RequiredString(obj, "name", type))
            {
                Policy = OptionalString(obj, "policy", type),
                Confidence = OptionalNumber(obj, "confidence", type),
            },
            ConversationRestarted.Type => new ConversationRestarted(),
            AllSlotsReset.Type => new AllSlotsReset(),
            UserUtteranceReverted.Type => new UserUtteranceReverted(),
            ActionReverted.Type => new ActionReverted(),
            ConversationPaused.Type => new ConversationPaused(),
            ConversationResumed.Type => new ConversationResumed(),
            ReminderScheduled.Type => DecodeReminder(obj),
            TopicSet.Type => new TopicSet(OptionalString(obj, "topic", type)),
            StoryExported.Type => new StoryExported(OptionalString(obj, "path", type)),
            AgentUttered.Type => new AgentUttered(OptionalString(obj, "text", type), Clone(obj["data"])),
            FollowupAction.Type => new FollowupAction(RequiredString(obj, "name", type)),
            SessionStarted.Type => new SessionStarted(),
            ActionExecutionRejected.Type => new ActionExecutionRejected(RequiredString(obj, "name", type)),
            ReminderCancelled.Type => new ReminderCancelled(OptionalString(obj, "name", type), OptionalString(obj, "intent", type), Entities(obj, type)),
            _ => throw new RasaFormatException(
                $"Unknown event name '{type}'. Known events: {string.Join(", ", KnownTypes)}."),
        };
        return e with { Timestamp = timestamp };
    }

    /// <summary>Encodes an event as Rasa writes it (0.8+ output form).</summary>
    public static JsonObject Encode(Event e)
    {
        var obj = new JsonObject
        {
            ["event"] = e.TypeName,
            ["timestamp"] = JsonFloat.Node(e.Timestamp),
        };
        switch (e)
        {
            case UserUttered u:
                obj["text"] = u.Text;
                obj["parse_data"] = u.ParseData.DeepClone();
                break;
            case BotUttered b:
                obj["text"] = b.Text;
                obj["data"] = b.Data?.DeepClone();
                break;
            case AgentUttered a:
                obj["text"] = a.Text;
                obj["data"] = a.Data?.DeepClone();
                break;
            case SlotSet s:
                obj["name"] = s.Name;
                obj["value"] = s.Value?.DeepClone();
                break;
            case ActionExecuted a:
                obj["name"] = a.Name;
                if (a.Policy is not null)
                {
                    obj["policy"] = a.Policy;
                }

                if (a.Confidence is { } confidence)
                {
                    obj["confidence"] = JsonFloat.Node(confidence);
                }

                break;
            case ReminderScheduled r:
                if (r.Intent is not null)
                {
                    obj["intent"] = r.Intent;
                    obj["entities"] = r.Entities?.DeepClone();
                }
                else
                {
                    obj["action"] = r.Action;
                }

                obj["date_time"] = r.DateTime;
                obj["name"] = r.Name;
                obj["kill_on_user_msg"] = r.KillOnUserMessage;
                break;
            case TopicSet t:
                obj["topic"] = t.Topic;
                break;
            case StoryExported x when x.Path is not null:
                obj["path"] = x.Path;
                break;
            case FollowupAction f:
                obj["name"] = f.Name;
                break;
            case ActionExecutionRejected r:
                obj["name"] = r.Name;
                break;
            case ReminderCancelled c:
                obj["name"] = c.Name;
                obj["intent"] = c.Intent;
                obj["entities"] = c.Entities?.DeepClone();
                break;
        }

        return obj;
    }

    public static JsonArray EncodeList(IEnumerable<Event> events)
    {
        var array = new JsonArray();
        foreach (var e in events)
        {
            array.Add(Encode(e));
        }

        return array;
    }

    /// <summary>Parses request JSON strictly (see <see cref="StrictJson"/>); problems are <see cref="RasaFormatException"/>s.</summary>
    public static JsonNode? ParseJson(string json) => StrictJson.Parse(json);

    private static UserUttered DecodeUser(JsonObject obj)
    {
        var text = OptionalString(obj, "text", UserUttered.Type);
        if (obj["parse_data"] is not JsonObject parseData)
        {
            throw new RasaFormatException(
                $"a 'user' event needs 'parse_data' as an object with 'intent' and 'entities', got {Describe(obj["parse_data"])}");
        }

        if (parseData["intent"] is not (JsonObject or null) || !parseData.ContainsKey("intent"))
        {
            throw new RasaFormatException("a 'user' event's 'parse_data' needs an 'intent' object");
        }

        if (parseData["entities"] is not JsonArray entities)
        {
            throw new RasaFormatException("a 'user' event's 'parse_data' needs an 'entities' list");
        }

        foreach (var entity in entities)
        {
            if (entity is not JsonObject)
            {
                throw new RasaFormatException("every entry of a 'user' event's 'entities' must be an object");
            }
        }

        return new UserUttered(text, (JsonObject)parseData.DeepClone());
    }

    private static ReminderScheduled DecodeReminder(JsonObject obj)
    {
        // later Rasa names the intent to trigger; 0.x the action to run
        var intent = OptionalString(obj, "intent", ReminderScheduled.Type);
        var action = intent is null ? RequiredString(obj, "action", ReminderScheduled.Type) : OptionalString(obj, "action", ReminderScheduled.Type);
        var dateTime = RequiredString(obj, "date_time", ReminderScheduled.Type);
        var head = dateTime.Length > 19 ? dateTime[..19] : dateTime;
        if (!DateTime.TryParseExact(head, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new RasaFormatException($"a 'reminder' event's 'date_time' must be ISO 8601 (YYYY-MM-DDTHH:MM:SS), got '{dateTime}'");
        }

        var name = OptionalString(obj, "name", ReminderScheduled.Type) ?? Guid.NewGuid().ToString("N");
        var kill = obj["kill_on_user_msg"] switch
        {
            null => true,
            JsonValue b when b.TryGetValue<bool>(out var flag) => flag,
            var other => throw new RasaFormatException($"a 'reminder' event's 'kill_on_user_msg' must be true or false, got {Describe(other)}"),
        };
        return new ReminderScheduled(action, dateTime, name, kill) { Intent = intent, Entities = intent is null ? null : Entities(obj, ReminderScheduled.Type) };
    }

    // a reminder's entities: a list of {entity, value} objects or an object of entity values
    private static JsonNode? Entities(JsonObject obj, string type) => obj["entities"] switch
    {
        null => null,
        JsonObject values => values.DeepClone(),
        JsonArray list when list.All(e => e is JsonObject) => list.DeepClone(),
        var other => throw new RasaFormatException($"a '{type}' event's 'entities' must be a list of objects or an object, got {Describe(other)}"),
    };

    private static string RequiredString(JsonObject obj, string key, string type) =>
        OptionalString(obj, key, type)
        ?? throw new RasaFormatException($"a '{type}' event needs '{key}' as a string");

    private static string? OptionalString(JsonObject obj, string key, string type) =>
        obj[key] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var other => throw new RasaFormatException($"a '{type}' event's '{key}' must be a string, got {Describe(other)}"),
        };

    private static double? OptionalNumber(JsonObject obj, string key, string type) =>
        obj[key] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            var other => throw new RasaFormatException($"a '{type}' event's '{key}' must be a number, got {Describe(other)}"),
        };

    private static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>A short description of a JSON value for error messages.</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"the string \"{Truncate(v.GetValue<string>())}\"",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
