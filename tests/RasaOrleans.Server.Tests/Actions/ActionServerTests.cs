using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests.Actions;

/// <summary>
/// Custom actions on a real action server process, through real server processes started with <c>--endpoints</c>
/// and <c>--credentials</c>: the REST and callback channels, the later conversation routes, and every answer of
/// Rasa's action protocol (results, template responses, rejections, crashes, timeouts, invalid events).
/// </summary>
public sealed class ActionServerTests(ActionBots bots) : IClassFixture<ActionBots>
{
    private readonly RasaClient _concerts = new(bots.Concerts.Http);

    [Fact]
    public async Task Rest_webhook_runs_a_custom_action_on_the_action_server()
    {
        var id = RasaClient.NewId("concerts");
        var messages = await WebhookAsync(id, "/search_concerts");

        Assert.Equal("I found 2 concerts: Foo Fighters, Katy Perry.", Assert.Single(messages)!["text"]!.GetValue<string>());
        Assert.Equal(id, messages[0]!["recipient_id"]!.GetValue<string>());
        var tracker = await _concerts.TrackerAsync(id);
        Assert.Equal(2, tracker["slots"]!["concerts"]!.AsArray().Count);
        var events = Names(tracker);
        Assert.Equal(["action:action_listen", "user", "action:action_search_concerts", "bot", "slot:concerts", "action:action_listen"], events);

        // what the action server was sent: Rasa's request with the whole tracker and the domain, with the token
        var request = (await ActionRequestsAsync()).Last(r => r!["sender_id"]!.GetValue<string>() == id)!;
        Assert.Equal("action_search_concerts", request["next_action"]!.GetValue<string>());
        var sentEvents = request["tracker"]!["events"]!.AsArray();
        Assert.Equal("/search_concerts", sentEvents.Last(e => e!["event"]!.GetValue<string>() == "user")!["text"]!.GetValue<string>());
        Assert.Contains("search_concerts", request["domain"]!["intents"]!.AsArray().Select(i => i is JsonValue ? i.GetValue<string>() : ((JsonObject)i!).First().Key));
        Assert.False(string.IsNullOrEmpty(request["version"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_response_naming_a_template_is_rendered_with_the_responses_variables_and_buttons()
    {
        var messages = await WebhookAsync(RasaClient.NewId("venues"), "/search_venues");

        var message = Assert.Single(messages)!;
        Assert.Equal("Venues near Berlin:", message["text"]!.GetValue<string>());
        Assert.Equal(["more", "map"], message["buttons"]!.AsArray().Select(b => b!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Buttons_images_and_custom_payloads_from_the_action_server_reach_the_channel_and_the_tracker()
    {
        var id = RasaClient.NewId("reviews");
        await WebhookAsync(id, "/search_concerts");
        var messages = await WebhookAsync(id, "/compare_reviews");

        Assert.Equal(3, messages.Count);
        Assert.Equal("Best reviewed: Katy Perry", messages[0]!["text"]!.GetValue<string>());
        Assert.Equal("/thankyou", messages[0]!["buttons"]![0]!["payload"]!.GetValue<string>());
        Assert.Equal("https://example.invalid/stars.png", messages[1]!["image"]!.GetValue<string>());
        Assert.Equal("Katy Perry", messages[2]!["custom"]!["artist"]!.GetValue<string>());
        var bots = (await _concerts.TrackerAsync(id))["events"]!.AsArray().Where(e => e!["event"]!.GetValue<string>() == "bot").ToList();
        Assert.Equal("https://example.invalid/stars.png", bots[^2]!["data"]!["image"]!.GetValue<string>());
        Assert.Equal(5.0, bots[^1]!["data"]!["custom"]!["rating"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_rejected_action_is_logged_and_the_policies_predict_again()
    {
        var id = RasaClient.NewId("book");
        var messages = await WebhookAsync(id, "/book");

        Assert.Equal("Booked on the second try.", Assert.Single(messages)!["text"]!.GetValue<string>());
        Assert.Equal(
            ["action:action_listen", "user", "action_execution_rejected:action_book", "action:action_book", "bot", "action:action_listen"],
            Names(await _concerts.TrackerAsync(id)));
    }

    [Fact]
    public async Task An_action_that_always_refuses_stops_at_the_limit_of_actions_per_message()
    {
        var id = RasaClient.NewId("never");
        var messages = await WebhookAsync(id, "/never");

        Assert.Empty(messages);
        var events = Names(await _concerts.TrackerAsync(id));
        Assert.Equal(10, events.Count(e => e == "action_execution_rejected:action_never"));
        Assert.Equal("user", events[1]);
    }

    [Fact]
    public async Task A_crashing_action_is_a_502_that_names_it_and_keeps_the_conversation_as_before_the_action()
    {
        var id = RasaClient.NewId("crash");
        var (status, body) = await _concerts.PostAsync("/webhooks/rest/webhook", Message(id, "/break_things"));

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("action_fail", body!["error"]!.GetValue<string>());
        Assert.Contains("500", body["error"]!.GetValue<string>());
        Assert.Equal(["action:action_listen", "user"], Names(await _concerts.TrackerAsync(id)));

        // the conversation goes on
        Assert.Equal("hey there!", Assert.Single(await WebhookAsync(id, "/greet"))!["text"]!.GetValue<string>());
        Assert.Equal(["action:action_listen", "user", "user", "action:utter_greet", "bot", "action:action_listen"], Names(await _concerts.TrackerAsync(id)));
    }

    [Fact]
    public async Task Invalid_events_from_the_action_server_are_a_502_and_nothing_of_the_action_is_kept()
    {
        var id = RasaClient.NewId("garble");
        var (status, body) = await _concerts.PostAsync("/webhooks/rest/webhook", Message(id, "/garble"));

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("invalid events", body!["error"]!.GetValue<string>());
        Assert.Equal(["action:action_listen", "user"], Names(await _concerts.TrackerAsync(id)));
    }

    [Fact]
    public async Task A_slow_action_times_out_with_a_504_and_reads_of_the_conversation_are_served_while_it_waits()
    {
        var id = RasaClient.NewId("slow");
        var before = await WebhookAsync(id, "/greet");
        Assert.Single(before);

        var waiting = _concerts.PostAsync("/webhooks/rest/webhook", Message(id, "/wait"));

        // read once the action server has the slow action's request: the message is then waiting on it
        await EventuallyAsync(async () => (await ActionRequestsAsync()).Any(r => r!["sender_id"]!.GetValue<string>() == id && r["next_action"]!.GetValue<string>() == "action_slow"),
            TimeSpan.FromSeconds(30), "the slow action never reached the action server");
        var (readStatus, tracker) = await _concerts.GetAsync($"/conversations/{id}/tracker");

        // the read was answered while the message still waited for its action (which takes longer than the timeout)
        Assert.False(waiting.IsCompleted, "the message finished before the read: the read may have waited for it");
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.Equal(["action:action_listen", "user", "action:utter_greet", "bot", "action:action_listen"], Names(tracker!.AsObject()));

        var (status, body) = await waiting;
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Contains($"within {ActionBots.ActionTimeoutSeconds} s", body!["error"]!.GetValue<string>());
        Assert.Equal(["action:action_listen", "user", "action:utter_greet", "bot", "action:action_listen", "user"], Names(await _concerts.TrackerAsync(id)));
    }

    [Fact]
    public async Task An_action_server_may_read_the_conversation_it_acts_for()
    {
        var id = RasaClient.NewId("check");
        await WebhookAsync(id, "/greet");
        var messages = await WebhookAsync(id, "/check");

        // the stored conversation (5 events before this message) and what the action was sent (plus the new message)
        Assert.Equal($"The server has 5 events for {id}; I was sent 6.", Assert.Single(messages)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_runs_one_action_and_answers_the_tracker_and_the_messages()
    {
        var id = RasaClient.NewId("execute");
        var (status, body) = await _concerts.PostAsync($"/conversations/{id}/execute", """{"name": "action_search_concerts", "policy": "manual", "confidence": 1.0}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("I found 2 concerts: Foo Fighters, Katy Perry.", Assert.Single(body!["messages"]!.AsArray())!["text"]!.GetValue<string>());
        Assert.Equal(["action:action_listen", "action:action_search_concerts", "bot", "slot:concerts"], Names(body["tracker"]!.AsObject()));

        var (unknown, error) = await _concerts.PostAsync($"/conversations/{id}/execute", """{"name": "action_launch_rockets"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("action_launch_rockets", error!["error"]!.GetValue<string>());
        var (missing, _) = await _concerts.PostAsync($"/conversations/{id}/execute", """{"policy": "manual"}""");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal(4, (await _concerts.TrackerAsync(id))["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task Trigger_intent_logs_the_intent_and_runs_the_predicted_actions()
    {
        var id = RasaClient.NewId("trigger");
        var (status, body) = await _concerts.PostAsync($"/conversations/{id}/trigger_intent", """{"name": "search_concerts", "entities": {"name": "Foo"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("I found 2 concerts: Foo Fighters, Katy Perry.", Assert.Single(body!["messages"]!.AsArray())!["text"]!.GetValue<string>());
        var latest = body["tracker"]!["latest_message"]!;
        Assert.Equal("search_concerts", latest["intent"]!["name"]!.GetValue<string>());
        Assert.Equal("EXTERNAL: search_concerts", latest["text"]!.GetValue<string>());
        Assert.Equal("Foo", latest["entities"]![0]!["value"]!.GetValue<string>());

        var (unknown, error) = await _concerts.PostAsync($"/conversations/{id}/trigger_intent", """{"name": "order_pizza"}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("order_pizza", error!["error"]!.GetValue<string>());
        var (badEntities, _) = await _concerts.PostAsync($"/conversations/{id}/trigger_intent", """{"name": "greet", "entities": ["Foo"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, badEntities);
        Assert.Equal(6, (await _concerts.TrackerAsync(id))["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task Messages_logs_a_user_message_without_predicting()
    {
        var id = RasaClient.NewId("messages");
        var (status, body) = await _concerts.PostAsync($"/conversations/{id}/messages", """{"text": "/greet", "sender": "user"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("greet", body!["latest_message"]!["intent"]!["name"]!.GetValue<string>());
        Assert.Equal(["action:action_listen", "user"], Names(body.AsObject()));

        var (given, withParse) = await _concerts.PostAsync($"/conversations/{id}/messages",
            """{"text": "hello there", "sender": "user", "parse_data": {"intent": {"name": "thankyou", "confidence": 0.9}, "entities": []}}""");
        Assert.Equal(HttpStatusCode.OK, given);
        Assert.Equal("thankyou", withParse!["latest_message"]!["intent"]!["name"]!.GetValue<string>());

        var (bot, error) = await _concerts.PostAsync($"/conversations/{id}/messages", """{"text": "hi", "sender": "bot"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bot);
        Assert.Contains("only user messages", error!["error"]!.GetValue<string>());
        var (noText, _) = await _concerts.PostAsync($"/conversations/{id}/messages", """{"sender": "user"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noText);
        Assert.Equal(3, (await _concerts.TrackerAsync(id))["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_callback_channel_posts_the_bots_messages_to_the_url_of_the_credentials_file()
    {
        var id = RasaClient.NewId("callback");
        using var response = await bots.Concerts.Http.PostAsync("/webhooks/callback/webhook", new StringContent(Message(id, "/search_concerts")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var posted = JsonNode.Parse(await bots.ActionServer.Http.GetStringAsync("/callbacks"))!.AsArray()
            .Where(m => m!["recipient_id"]!.GetValue<string>() == id).ToList();
        Assert.Equal("I found 2 concerts: Foo Fighters, Katy Perry.", Assert.Single(posted)!["text"]!.GetValue<string>());
    }

    [Fact]
    public void The_files_sections_and_channels_that_are_not_served_are_named_once_in_the_log()
    {
        var output = bots.Concerts.Output;
        Assert.Contains("section 'tracker_store' is ignored", output);
        Assert.Contains("channel 'slack' is not supported", output);
        Assert.Single(output.Split('\n'), line => line.Contains("section 'tracker_store'"));
    }

    [Fact]
    public async Task Restaurantbot_books_a_table_through_the_rest_channel_with_its_search_on_the_action_server()
    {
        var restaurants = new RasaClient(bots.Restaurants.Http);
        var id = RasaClient.NewId("restaurant");
        async Task<List<string>> Say(string text)
        {
            var (status, body) = await restaurants.PostAsync("/webhooks/rest/webhook", Message(id, text));
            Assert.True(status == HttpStatusCode.OK, $"{text}: {status} {body}");
            return [.. body!.AsArray().Select(m => m!["text"]!.GetValue<string>())];
        }

        Assert.StartsWith("Hello!", Assert.Single(await Say("/greet")));
        Assert.Equal(["Where should the restaurant be?"], await Say("""/inform{"cuisine": "thai"}"""));
        Assert.Equal(["For how many people?"], await Say("""/inform{"location": "rome"}"""));
        Assert.Equal(["Which price range?"], await Say("""/inform{"people": "four"}"""));
        Assert.Equal(
            ["Ok, let me see what I can find: thai food in rome for four, moderate.", "How about one of these? Shall I book it?"],
            await Say("""/inform{"price": "moderate"}"""));
        Assert.Equal(["Booked! Enjoy your meal."], await Say("/affirm"));

        var tracker = await restaurants.TrackerAsync(id);
        Assert.Equal("thai place in rome", tracker["slots"]!["matches"]![0]!["name"]!.GetValue<string>());
        var search = (await ActionRequestsAsync()).Last(r => r!["sender_id"]!.GetValue<string>() == id)!;
        Assert.Equal("action_search_restaurants", search["next_action"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_reminder_from_an_action_fires_its_intent_once_at_its_time()
    {
        var id = RasaClient.NewId("reminder");
        Assert.Equal("I will remind you in 2 seconds.", Assert.Single(await WebhookAsync(id, """/set_reminder{"seconds": "2"}"""))!["text"]!.GetValue<string>());

        await EventuallyAsync(async () => RemindersFired(await _concerts.TrackerAsync(id)) == 1, TimeSpan.FromSeconds(30), "the reminder did not fire");
        var tracker = await _concerts.TrackerAsync(id);
        Assert.Equal("reminder_due", tracker["latest_message"]!["intent"]!["name"]!.GetValue<string>());
        Assert.Equal("EXTERNAL: reminder_due", tracker["latest_message"]!["text"]!.GetValue<string>());

        // its Orleans reminder is gone: it does not fire again at the next ticks
        await Task.Delay(TimeSpan.FromSeconds(2 * ActionBots.ReminderPeriodSeconds + 1));
        Assert.Equal(1, RemindersFired(await _concerts.TrackerAsync(id)));
    }

    [Fact]
    public async Task Reminders_are_cancelled_by_name_by_a_restart_and_by_a_user_message_when_asked()
    {
        var control = RasaClient.NewId("remind-control");
        var byName = RasaClient.NewId("remind-cancel");
        var byRestart = RasaClient.NewId("remind-restart");
        var byMessage = RasaClient.NewId("remind-kill");
        foreach (var id in new[] { control, byName, byRestart })
        {
            await WebhookAsync(id, """/set_reminder{"seconds": "3"}""");
        }

        await WebhookAsync(byMessage, """/set_reminder{"seconds": "3", "kill": "true"}""");
        Assert.Equal("Forgotten.", Assert.Single(await WebhookAsync(byName, "/forget"))!["text"]!.GetValue<string>());
        await WebhookAsync(byRestart, "/restart");
        await WebhookAsync(byMessage, "/greet");

        await EventuallyAsync(async () => RemindersFired(await _concerts.TrackerAsync(control)) == 1, TimeSpan.FromSeconds(30), "the control reminder did not fire");
        await Task.Delay(TimeSpan.FromSeconds(ActionBots.ReminderPeriodSeconds + 1));
        Assert.Equal(0, RemindersFired(await _concerts.TrackerAsync(byName)));
        Assert.Equal(0, RemindersFired(await _concerts.TrackerAsync(byRestart)));
        Assert.Equal(0, RemindersFired(await _concerts.TrackerAsync(byMessage)));
    }

    [Fact]
    public async Task A_reminder_scheduled_through_the_callback_channel_posts_its_messages_to_the_callback_url()
    {
        var viaCallback = RasaClient.NewId("remind-callback");
        var viaRest = RasaClient.NewId("remind-rest");
        await CallbackWebhookAsync(viaCallback, """/set_reminder{"seconds": "2"}""");
        await WebhookAsync(viaRest, """/set_reminder{"seconds": "2"}""");

        await EventuallyAsync(async () => (await CallbacksAsync(viaCallback)).Count == 2, TimeSpan.FromSeconds(30), "the reminder's message was not posted to the callback url");
        Assert.Equal(["I will remind you in 2 seconds.", "Time to water the plants!"], await CallbacksAsync(viaCallback));
        Assert.Equal(1, RemindersFired(await _concerts.TrackerAsync(viaCallback)));

        // a reminder scheduled through the REST webhook keeps its messages in the tracker only: once it fired, a turn
        // after it (a conversation handles one at a time, so the reminder's turn is over) and still nothing was posted
        await EventuallyAsync(async () => RemindersFired(await _concerts.TrackerAsync(viaRest)) == 1, TimeSpan.FromSeconds(30), "the REST reminder did not fire");
        await WebhookAsync(viaRest, "/greet");
        Assert.Empty(await CallbacksAsync(viaRest));
    }

    [Fact]
    public async Task A_reminder_whose_messages_the_callback_url_refuses_is_logged_and_keeps_them_in_the_tracker()
    {
        var id = RasaClient.NewId("undeliverable");
        using (var response = await bots.Concerts.Http.PostAsync("/webhooks/callback/webhook", new StringContent(Message(id, """/set_reminder{"seconds": "2"}"""))))
        {
            // the reply itself could not be delivered either; the conversation kept the turn and its reminder
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        await EventuallyAsync(async () => RemindersFired(await _concerts.TrackerAsync(id)) == 1, TimeSpan.FromSeconds(30), "the reminder did not fire");
        // a turn after the fired one: the reminder's turn, and its attempt to post, are over
        await WebhookAsync(id, "/greet");
        // the server's log reaches the test through its output pipe a little later than the HTTP answers
        await EventuallyAsync(
            () => Task.FromResult(bots.Concerts.Output.Split('\n').Any(line => line.Contains(id) && line.Contains("reminder water-plants did not reach the callback channel"))),
            TimeSpan.FromSeconds(10), "the failed post was not logged with the conversation and reminder");
        Assert.Empty(await CallbacksAsync(id));
    }

    [Fact]
    public async Task A_reminder_fires_after_the_server_that_scheduled_it_was_killed_and_started_again()
    {
        var id = RasaClient.NewId("remind-restart");
        var viaCallback = RasaClient.NewId("remind-restart-callback");
        await WebhookAsync(id, """/set_reminder{"seconds": "3"}""");
        await CallbackWebhookAsync(viaCallback, """/set_reminder{"seconds": "3"}""");

        await bots.KillAndRestartConcertsAsync();
        var restarted = new RasaClient(bots.Concerts.Http);

        await EventuallyAsync(async () => RemindersFired(await restarted.TrackerAsync(id)) == 1, TimeSpan.FromSeconds(45), "the reminder did not fire after the restart");
        // the channel of the turn that scheduled it was stored with it
        await EventuallyAsync(async () => (await CallbacksAsync(viaCallback)).Count == 2, TimeSpan.FromSeconds(45), "the callback reminder's message was not posted after the restart");
        Assert.Equal("Time to water the plants!", (await CallbacksAsync(viaCallback))[1]);
        await Task.Delay(TimeSpan.FromSeconds(ActionBots.ReminderPeriodSeconds + 1));
        Assert.Equal(1, RemindersFired(await restarted.TrackerAsync(id)));
    }

    private async Task<JsonArray> WebhookAsync(string sender, string text)
    {
        var (status, body) = await _concerts.PostAsync("/webhooks/rest/webhook", Message(sender, text));
        Assert.True(status == HttpStatusCode.OK, $"{text}: {status} {body}");
        return body!.AsArray();
    }

    private async Task CallbackWebhookAsync(string sender, string text)
    {
        using var response = await bots.Concerts.Http.PostAsync("/webhooks/callback/webhook", new StringContent(Message(sender, text)));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{text}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // the texts the callback url received for one conversation, in order
    private async Task<List<string>> CallbacksAsync(string sender) =>
    [
        .. JsonNode.Parse(await bots.ActionServer.Http.GetStringAsync("/callbacks"))!.AsArray()
            .Where(m => m!["recipient_id"]?.GetValue<string>() == sender)
            .Select(m => m!["text"]!.GetValue<string>()),
    ];

    private async Task<JsonArray> ActionRequestsAsync() =>
        JsonNode.Parse(await bots.ActionServer.Http.GetStringAsync("/requests"))!.AsArray();

    // the bot messages of fired reminders ("Time to water the plants!", filled from the reminder's entity)
    private static int RemindersFired(JsonObject tracker) =>
        tracker["events"]!.AsArray().Count(e => e!["event"]!.GetValue<string>() == "bot" && e["text"]?.GetValue<string>() == "Time to water the plants!");

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250);
        }
    }

    private static string Message(string sender, string text) => new JsonObject { ["sender"] = sender, ["message"] = text }.ToJsonString();

    // "action:<name>", "slot:<name>", "action_execution_rejected:<name>" or the event type
    private static List<string> Names(JsonObject tracker) =>
    [
        .. tracker["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>() switch
        {
            "action" or "action_execution_rejected" or "slot" => $"{e["event"]!.GetValue<string>()}:{e["name"]!.GetValue<string>()}",
            var type => type,
        }),
    ];
}
