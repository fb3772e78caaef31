using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Evaluation;

/// <summary>
/// Writes conversations in Markdown story format (spec §10.1) with each wrong prediction marked as Rasa does:
/// <c>    - utter_x   &lt;!-- predicted: utter_y --&gt;</c>. The implicit <c>action_listen</c>s are left out
/// unless one was predicted wrongly.
/// </summary>
public static class FailedStoryWriter
{
    public static string Write(IEnumerable<StoryResult> stories)
    {
        var text = new StringBuilder();
        foreach (var story in stories)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var wrong = story.Checks.Where(c => !c.IsCorrect).ToDictionary(c => c.EventIndex, c => c.Predicted);
            text.Append("## ").Append(story.Name).Append('\n');
            for (var i = 0; i < story.Events.Count; i++)
            {
                var line = story.Events[i] switch
                {
                    UserUttered user => "* " + UserLine(user.ParseData),
                    ActionExecuted { Name: DomainSpec.ActionListen } when !wrong.ContainsKey(i) => null,
                    ActionExecuted action => "    - " + action.Name,
                    SlotSet slot => "    - slot" + PythonJson(new JsonObject { [slot.Name] = slot.Value?.DeepClone() }),
                    var other => "    - " + other.TypeName,
                };
                if (line is null)
                {
                    continue;
                }

                text.Append(line);
                if (wrong.TryGetValue(i, out var predicted))
                {
                    text.Append("   <!-- predicted: ").Append(predicted).Append(" -->");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string UserLine(JsonObject parseData)
    {
        var intent = (parseData["intent"] as JsonObject)?["name"]?.GetValue<string>() ?? "";
        var entities = new JsonObject();
        if (parseData["entities"] is JsonArray list)
        {
            foreach (var entity in list.OfType<JsonObject>())
            {
                if (entity["entity"]?.GetValue<string>() is { } name)
                {
                    entities[name] = entity["value"]?.DeepClone();
                }
            }
        }

        return entities.Count == 0 ? intent : intent + PythonJson(entities);
    }

    /// <summary>JSON with Python's <c>json.dumps</c> separators (<c>", "</c> and <c>": "</c>), as Rasa writes stories.</summary>
    private static string PythonJson(JsonObject obj) =>
        "{" + string.Join(", ", obj.Select(p => JsonValue.Create(p.Key).ToJsonString() + ": " + (p.Value?.ToJsonString() ?? "null"))) + "}";
}
