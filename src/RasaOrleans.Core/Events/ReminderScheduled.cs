using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>
/// A reminder at <c>DateTime</c> (ISO 8601): later Rasa triggers <see cref="Intent"/> with <see cref="Entities"/>
/// for the conversation, 0.x runs <see cref="Action"/>. Scheduled when an action the server runs returns it; cancelled
/// by a <see cref="ReminderCancelled"/>, a restart, or (with <see cref="KillOnUserMessage"/>) a user message after it.
/// </summary>
public sealed record ReminderScheduled(string? Action, string DateTime, string Name, bool KillOnUserMessage) : Event
{
    public const string Type = "reminder";

    /// <summary>The intent to trigger (Rasa 1.8+); null for a 0.x reminder that names an action.</summary>
    public string? Intent { get; init; }

    /// <summary>The entities of <see cref="Intent"/>: a list of <c>{entity, value}</c> or an object of values, as given.</summary>
    public JsonNode? Entities { get; init; }

    public override string TypeName => Type;

    /// <summary>When the reminder is due: a time with an offset as given, a time without one (Rasa SDK's naive times) as UTC.</summary>
    public DateTimeOffset DueAt =>
        DateTimeOffset.TryParse(DateTime, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var given)
            ? given
            : new(System.DateTime.ParseExact(DateTime[..19], "yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
}
