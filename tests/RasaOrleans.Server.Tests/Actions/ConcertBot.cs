namespace RasaOrleans.Server.Tests.Actions;

/// <summary>
/// A concertbot-like bot (after Rasa's concertbot example) whose custom actions run on the test action server, plus
/// actions that exercise the protocol's other answers: a rejection, a crash, a slow action, an action that reads the
/// conversation back, invalid events.
/// </summary>
public static class ConcertBot
{
    public const string Domain = """
        intents:
          - greet
          - thankyou
          - search_concerts
          - search_venues
          - compare_reviews
          - book
          - never
          - break_things
          - wait
          - check
          - garble
          - set_reminder
          - reminder_due
          - forget
        entities:
          - name
          - seconds
          - kill
          - topic
        slots:
          topic:
            type: unfeaturized
          concerts:
            type: unfeaturized
          venues:
            type: unfeaturized
        templates:
          utter_greet:
            - "hey there!"
          utter_youarewelcome:
            - "you're very welcome"
          utter_venues:
            - text: "Venues near {city}:"
              buttons:
                - title: "more"
                  payload: "/search_venues"
          utter_default:
            - "default message"
          utter_reminder:
            - "Time to water the {topic}!"
        actions:
          - utter_reminder
          - action_set_reminder
          - action_forget_reminder
          - utter_greet
          - utter_youarewelcome
          - utter_venues
          - utter_default
          - action_search_concerts
          - action_search_venues
          - action_show_concert_reviews
          - action_book
          - action_never
          - action_fail
          - action_slow
          - action_read_tracker
          - action_bad_events
        """;

    public const string Stories = """
        ## greet
        * greet
            - utter_greet

        ## thanks
        * thankyou
            - utter_youarewelcome

        ## concerts
        * search_concerts
            - action_search_concerts

        ## concerts then reviews
        * search_concerts
            - action_search_concerts
        * compare_reviews
            - action_show_concert_reviews

        ## venues
        * search_venues
            - action_search_venues

        ## book
        * book
            - action_book

        ## never
        * never
            - action_never

        ## fail
        * break_things
            - action_fail

        ## slow
        * wait
            - action_slow

        ## check
        * check
            - action_read_tracker

        ## garble
        * garble
            - action_bad_events

        ## set a reminder
        * set_reminder
            - action_set_reminder

        ## the reminder is due
        * reminder_due
            - utter_reminder

        ## forget the reminder
        * forget
            - action_forget_reminder
        """;

    private static readonly Lazy<string> TrainedModel = new(() =>
        TrainedModels.TrainFromText(Path.Combine(Path.GetTempPath(), "rasa-orleans-concertbot-" + Guid.NewGuid().ToString("N")), Domain, Stories));

    /// <summary>The bot's model directory, trained once per test run.</summary>
    public static string Model => TrainedModel.Value;
}
