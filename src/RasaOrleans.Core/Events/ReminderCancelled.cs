using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>
/// Cancels reminders (later Rasa's <c>cancel_reminder</c>): the one named <see cref="Name"/>, or else every reminder
/// of <see cref="Intent"/> (and <see cref="Entities"/> when given); with neither, all of the conversation's reminders.
/// </summary>
public sealed record ReminderCancelled(string? Name, string? Intent, JsonNode? Entities) : Event
{
    public const string Type = "cancel_reminder";

    public override string TypeName => Type;

    /// <summary>Whether this cancels <paramref name="reminder"/>.</summary>
    public bool Cancels(ReminderScheduled reminder) =>
        Name is not null ? Name == reminder.Name
        : Intent is not null ? Intent == reminder.Intent && (Entities is null || JsonNode.DeepEquals(Entities, reminder.Entities))
        : true;
}
