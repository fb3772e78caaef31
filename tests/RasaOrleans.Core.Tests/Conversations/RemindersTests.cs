using System.Text.Json.Nodes;
using RasaOrleans.Core.Conversations;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Tests.Conversations;

public sealed class RemindersTests
{
    private static readonly ReminderScheduled Water = new(null, "2030-01-01T12:00:00", "water", KillOnUserMessage: false)
    {
        Intent = "reminder_due",
        Entities = new JsonArray(new JsonObject { ["entity"] = "topic", ["value"] = "plants" }),
    };

    private static UserUttered User(JsonObject? metadata = null)
    {
        var parse = new JsonObject { ["intent"] = new JsonObject { ["name"] = "greet" }, ["entities"] = new JsonArray() };
        if (metadata is not null)
        {
            parse["metadata"] = metadata;
        }

        return new UserUttered("hi", parse);
    }

    [Fact]
    public void A_scheduled_reminder_is_pending_until_something_cancels_it()
    {
        Assert.Same(Water, Reminders.Pending([Water], "water"));
        Assert.Null(Reminders.Pending([Water], "other"));
        Assert.Null(Reminders.Pending([Water, new ReminderCancelled("water", null, null)], "water"));
        Assert.Same(Water, Reminders.Pending([Water, new ReminderCancelled("feed", null, null)], "water"));
        Assert.Null(Reminders.Pending([Water, new ReminderCancelled(null, "reminder_due", null)], "water"));
        Assert.Null(Reminders.Pending([Water, new ReminderCancelled(null, null, null)], "water"));
        Assert.Null(Reminders.Pending([Water, new ConversationRestarted()], "water"));
    }

    [Fact]
    public void A_user_message_kills_only_reminders_that_ask_for_it_and_a_fired_reminder_does_not_fire_again()
    {
        Assert.Same(Water, Reminders.Pending([Water, User()], "water"));
        Assert.Null(Reminders.Pending([Water with { KillOnUserMessage = true }, User()], "water"));
        Assert.Null(Reminders.Pending([Water, User(new JsonObject { [Reminders.FiredMarker] = "water" })], "water"));

        // scheduled again after it fired: pending again
        var again = Water with { DateTime = "2030-01-02T12:00:00" };
        Assert.Same(again, Reminders.Pending([Water, User(new JsonObject { [Reminders.FiredMarker] = "water" }), again], "water"));
    }

    [Fact]
    public void Changes_lists_what_appended_events_schedule_and_cancel()
    {
        var feed = Water with { Name = "feed" };
        var (scheduled, cancelled, all) = Reminders.Changes([Water, feed, new ReminderCancelled("water", null, null)], 1);

        Assert.Equal([feed], scheduled);
        Assert.Equal(["water"], cancelled);
        Assert.False(all);
        Assert.True(Reminders.Changes([Water, new ConversationRestarted()], 0).CancelAll);
        Assert.Empty(Reminders.Changes([Water, new ConversationRestarted()], 0).Scheduled);
    }

    [Fact]
    public void Entities_of_either_form_become_values_and_times_without_an_offset_are_utc()
    {
        Assert.Equal("plants", Reminders.EntityValues(Water)["topic"]!.GetValue<string>());
        Assert.Equal("plants", Reminders.EntityValues(Water with { Entities = new JsonObject { ["topic"] = "plants" } })["topic"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero), Water.DueAt);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.FromHours(2)), (Water with { DateTime = "2030-01-01T12:00:00+02:00" }).DueAt);
    }
}
