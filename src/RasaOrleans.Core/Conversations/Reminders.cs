using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Conversations;

/// <summary>
/// Which of a conversation's reminders are still to fire, read from its events: the latest <c>reminder</c> event of a
/// name, unless a later <c>cancel_reminder</c> cancels it, a restart came after it, it already fired, or it is
/// <c>kill_on_user_msg</c> and the user said something after it.
/// </summary>
public static class Reminders
{
    /// <summary>The key in a fired reminder's user message (<c>parse_data.metadata</c>) that names it.</summary>
    public const string FiredMarker = "reminder";

    /// <summary>The reminder named <paramref name="name"/> if it should fire now, else null.</summary>
    public static ReminderScheduled? Pending(IReadOnlyList<Event> events, string name)
    {
        var at = -1;
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i] is ReminderScheduled r && r.Name == name)
            {
                at = i;
                break;
            }
        }

        if (at < 0)
        {
            return null;
        }

        var reminder = (ReminderScheduled)events[at];
        for (var i = at + 1; i < events.Count; i++)
        {
            switch (events[i])
            {
                case ReminderCancelled cancel when cancel.Cancels(reminder):
                case ConversationRestarted:
                case UserUttered u when IsFiringOf(u, name):
                case UserUttered when reminder.KillOnUserMessage:
                    return null;
            }
        }

        return reminder;
    }

    /// <summary>The reminders a list of appended events schedules, and those it cancels (given the whole log).</summary>
    public static (List<ReminderScheduled> Scheduled, List<string> Cancelled, bool CancelAll) Changes(IReadOnlyList<Event> events, int from)
    {
        var scheduled = new List<ReminderScheduled>();
        var cancelled = new List<string>();
        var cancelAll = false;
        for (var i = from; i < events.Count; i++)
        {
            switch (events[i])
            {
                case ReminderScheduled r:
                    scheduled.Add(r);
                    break;
                case ConversationRestarted:
                    scheduled.Clear();
                    cancelAll = true;
                    break;
                case ReminderCancelled cancel:
                    foreach (var r in events.Take(i).OfType<ReminderScheduled>().Where(cancel.Cancels))
                    {
                        cancelled.Add(r.Name);
                    }

                    scheduled.RemoveAll(cancel.Cancels);
                    break;
            }
        }

        return (scheduled, cancelled, cancelAll);
    }

    /// <summary>The entities of a reminder as <c>trigger_intent</c> takes them (an object of entity values).</summary>
    public static JsonObject EntityValues(ReminderScheduled reminder)
    {
        var values = new JsonObject();
        switch (reminder.Entities)
        {
            case JsonObject given:
                foreach (var (key, value) in given)
                {
                    values[key] = value?.DeepClone();
                }

                break;
            case JsonArray list:
                foreach (var entity in list.OfType<JsonObject>())
                {
                    if (entity["entity"] is JsonValue name && name.TryGetValue<string>(out var key))
                    {
                        values[key] = entity["value"]?.DeepClone();
                    }
                }

                break;
        }

        return values;
    }

    private static bool IsFiringOf(UserUttered user, string name) =>
        user.ParseData["metadata"] is JsonObject metadata && metadata[FiredMarker] is JsonValue v && v.TryGetValue<string>(out var fired) && fired == name;
}
