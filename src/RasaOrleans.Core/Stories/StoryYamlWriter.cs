using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Yaml;

namespace RasaOrleans.Core.Stories;

/// <summary>
/// Writes a conversation as later Rasa's <c>GET /conversations/{id}/story</c> does: a YAML test story
/// (<c>version</c>, <c>stories: [{story, steps}]</c>) with one step per user message (<c>intent</c>, and
/// <c>entities</c>, and <c>user</c> with <c>[value](entity)</c> markup unless the text was an <c>/intent</c> command), bot action
/// (<c>action</c>; <c>action_listen</c> and <c>action_session_start</c> left out) and slot (<c>slot_was_set</c>).
/// Each session (split at <c>session_started</c>) is one story; the readers of this project read it back.
/// </summary>
public static class StoryYamlWriter
{
    /// <summary>The training data format version written.</summary>
    public const string FormatVersion = "3.1";

    private const string ActionSessionStart = "action_session_start";

    /// <summary>
    /// The story of <paramref name="events"/> (the applied events, oldest first): only the last session, or every
    /// session as its own story when <paramref name="allSessions"/>.
    /// </summary>
    public static string Write(string conversationId, IReadOnlyList<Event> events, bool allSessions)
    {
        var sessions = new List<List<Event>> { new() };
        foreach (var e in events)
        {
            if (e is SessionStarted && sessions[^1].Count > 0)
            {
                sessions.Add([]);
            }

            sessions[^1].Add(e);
        }

        var chosen = allSessions ? sessions.Where(s => s.Any(IsStep)).ToList() : [sessions[^1]];
        var stories = new JsonArray();
        for (var i = 0; i < chosen.Count; i++)
        {
            var name = chosen.Count > 1 ? $"{conversationId}, session {i + 1}" : conversationId;
            stories.Add(new JsonObject { ["story"] = name, ["steps"] = new JsonArray([.. chosen[i].Where(IsStep).Select(Step)]) });
        }

        return YamlOutput.Write(new JsonObject { ["version"] = FormatVersion, ["stories"] = stories });
    }

    private static bool IsStep(Event e) => e switch
    {
        UserUttered => true,
        ActionExecuted { Name: DomainSpec.ActionListen or ActionSessionStart } => false,
        ActionExecuted or SlotSet => true,
        _ => false,
    };

    private static JsonNode Step(Event e) => e switch
    {
        UserUttered user => UserStep(user),
        ActionExecuted action => new JsonObject { ["action"] = action.Name },
        SlotSet slot => new JsonObject { ["slot_was_set"] = new JsonArray(new JsonObject { [slot.Name] = slot.Value?.DeepClone() }) },
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    private static JsonObject UserStep(UserUttered user)
    {
        var step = new JsonObject { ["intent"] = (user.ParseData["intent"] as JsonObject)?["name"]?.DeepClone() };
        var entities = (user.ParseData["entities"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => e["entity"] is JsonValue n && n.TryGetValue<string>(out _))
            .Select(e => (JsonNode)new JsonObject { [e["entity"]!.GetValue<string>()] = e["value"]?.DeepClone() })
            .ToList();
        if (entities.Count > 0)
        {
            // as in training stories, so readers that take the user text as it is still see the entities
            step["entities"] = new JsonArray([.. entities]);
        }

        if (!string.IsNullOrEmpty(user.Text) && !user.Text.StartsWith('/'))
        {
            step["user"] = WithEntityMarkup(user.Text, user.ParseData["entities"] as JsonArray);
        }

        return step;
    }

    // "[Berlin](city)" where an entity's span is in the text; an entity whose value differs from its text is
    // written "[berlin]{"entity": "city", "value": "Berlin"}"
    private static string WithEntityMarkup(string text, JsonArray? entities)
    {
        var spans = (entities ?? []).OfType<JsonObject>()
            .Select(e => (Start: Int(e["start"]), End: Int(e["end"]), Entity: e["entity"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null, Value: e["value"]))
            .Where(e => e is { Start: { } start, End: { } end, Entity: not null } && start >= 0 && end > start && end <= text.Length)
            .OrderBy(e => e.Start)
            .ToList();
        var result = new StringBuilder();
        var at = 0;
        foreach (var (start, end, entity, value) in spans)
        {
            if (start!.Value < at)
            {
                continue; // overlapping entities cannot both be marked up
            }

            var span = text[start.Value..end!.Value];
            result.Append(text, at, start.Value - at).Append('[').Append(span).Append(']');
            result.Append(value is JsonValue v && v.TryGetValue<string>(out var stringValue) && stringValue == span
                ? $"({entity})"
                : new JsonObject { ["entity"] = entity, ["value"] = value?.DeepClone() }.ToJsonString());
            at = end.Value;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
