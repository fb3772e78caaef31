using System.Collections.Concurrent;
using System.Text.Json.Nodes;

// An action server for the tests, speaking Rasa's custom action protocol (POST /webhook with
// {next_action, sender_id, tracker, domain, version}; 200 {events, responses}, 400 {action_name, error}).
// Environment: ACTION_TOKEN (required ?token= when set), RASA_URL (the Rasa server, for the action that reads
// the tracker back), SLOW_ACTION_SECONDS (how long action_slow takes, default 5).
// It records what it received: GET /requests lists the action calls, GET /callbacks what the callback channel posted.
// POST /callback answers 503 to a message for a conversation whose id starts with "undeliverable" (a url that is down).
var app = WebApplication.CreateSlimBuilder(args).Build();
var requests = new ConcurrentQueue<JsonNode>();
var callbacks = new ConcurrentQueue<JsonNode>();
var token = Environment.GetEnvironmentVariable("ACTION_TOKEN");
var rasaUrl = Environment.GetEnvironmentVariable("RASA_URL");
var slowSeconds = double.TryParse(Environment.GetEnvironmentVariable("SLOW_ACTION_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 5;
using var rasa = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

app.MapGet("/health", () => Results.Text("ok"));
app.MapGet("/requests", () => Results.Text(new JsonArray([.. requests.Select(r => r.DeepClone())]).ToJsonString(), "application/json"));
app.MapGet("/callbacks", () => Results.Text(new JsonArray([.. callbacks.Select(r => r.DeepClone())]).ToJsonString(), "application/json"));
app.MapPost("/callback", async (HttpRequest request) =>
{
    var message = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!;
    if (message["recipient_id"]?.GetValue<string>().StartsWith("undeliverable", StringComparison.Ordinal) == true)
    {
        return Results.StatusCode(503);
    }

    callbacks.Enqueue(message);
    return Results.Ok();
});

app.MapPost("/webhook", async (HttpRequest request) =>
{
    if (token is not null && request.Query["token"] != token)
    {
        return Results.Text("""{"error": "bad token"}""", "application/json", statusCode: 401);
    }

    var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!.AsObject();
    requests.Enqueue(body.DeepClone());
    var action = (string)body["next_action"]!;
    var sender = (string)body["sender_id"]!;
    var tracker = body["tracker"]!.AsObject();
    var events = tracker["events"]!.AsArray();
    switch (action)
    {
        case "action_search_concerts":
            return Answer(
                [new JsonObject { ["text"] = "I found 2 concerts: Foo Fighters, Katy Perry." }],
                [Slot("concerts", new JsonArray(new JsonObject { ["artist"] = "Foo Fighters", ["reviews"] = 4.5 }, new JsonObject { ["artist"] = "Katy Perry", ["reviews"] = 5.0 }))]);
        case "action_search_venues":
            // the server renders the template named in the response, filled with the response's variables
            return Answer(
                [new JsonObject
                {
                    ["response"] = "utter_venues",
                    ["city"] = "Berlin",
                    ["buttons"] = new JsonArray(new JsonObject { ["title"] = "map", ["payload"] = "/map" }),
                }],
                [Slot("venues", new JsonArray(new JsonObject { ["name"] = "Big Arena", ["reviews"] = 4.5 }))]);
        case "action_show_concert_reviews":
        {
            var concerts = tracker["slots"]?["concerts"] as JsonArray ?? [];
            var best = concerts.OfType<JsonObject>().OrderByDescending(c => (double)c["reviews"]!).Select(c => (string)c["artist"]!).FirstOrDefault() ?? "nobody";
            return Answer(
                [
                    new JsonObject
                    {
                        ["text"] = $"Best reviewed: {best}",
                        ["buttons"] = new JsonArray(new JsonObject { ["title"] = "thanks", ["payload"] = "/thankyou" }),
                    },
                    new JsonObject { ["image"] = "https://example.invalid/stars.png" },
                    new JsonObject { ["custom"] = new JsonObject { ["rating"] = 5.0, ["artist"] = best } },
                ],
                []);
        }

        case "action_search_restaurants":
        {
            var slots = tracker["slots"]!.AsObject();
            var name = $"{slots["cuisine"]} place in {slots["location"]}";
            return Answer([], [Slot("matches", new JsonArray(new JsonObject { ["name"] = name }))]);
        }

        case "action_book":
        {
            // refuses once per user message, then runs: the server logs the rejection and predicts again
            var rejectedSinceUser = events.Reverse().TakeWhile(e => (string?)e!["event"] != "user")
                .Any(e => (string?)e!["event"] == "action_execution_rejected" && (string?)e!["name"] == action);
            return rejectedSinceUser
                ? Answer([new JsonObject { ["text"] = "Booked on the second try." }], [])
                : Reject(action, "no table free yet");
        }

        case "action_set_reminder":
        {
            // a reminder of the intent reminder_due, after the message's `seconds` entity (default 3)
            var entities = tracker["latest_message"]?["entities"] as JsonArray ?? [];
            string? Entity(string name) => entities.OfType<JsonObject>().Where(e => (string?)e["entity"] == name).Select(e => e["value"]?.ToString()).FirstOrDefault();
            var seconds = int.TryParse(Entity("seconds"), out var given) ? given : 3;
            var due = DateTime.UtcNow.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
            return Answer(
                [new JsonObject { ["text"] = $"I will remind you in {seconds} seconds." }],
                [new JsonObject
                {
                    ["event"] = "reminder",
                    ["intent"] = "reminder_due",
                    ["entities"] = new JsonArray(new JsonObject { ["entity"] = "topic", ["value"] = "plants" }),
                    ["date_time"] = due,
                    ["name"] = "water-plants",
                    ["kill_on_user_msg"] = Entity("kill") == "true",
                }]);
        }

        case "action_forget_reminder":
            return Answer([new JsonObject { ["text"] = "Forgotten." }], [new JsonObject { ["event"] = "cancel_reminder", ["name"] = "water-plants" }]);
        case "action_never":
            return Reject(action, "this action never runs");
        case "action_fail":
            return Results.Text("""{"error": "the action crashed"}""", "application/json", statusCode: 500);
        case "action_slow":
            await Task.Delay(TimeSpan.FromSeconds(slowSeconds));
            return Answer([new JsonObject { ["text"] = "done waiting" }], []);
        case "action_bad_events":
            return Results.Text("""{"events": [{"event": "slot"}], "responses": []}""", "application/json");
        case "action_read_tracker":
        {
            // reads the conversation it acts for while the server waits for this answer
            var stored = JsonNode.Parse(await rasa.GetStringAsync($"{rasaUrl}/conversations/{Uri.EscapeDataString(sender)}/tracker"))!;
            var count = stored["events"]!.AsArray().Count;
            return Answer([new JsonObject { ["text"] = $"The server has {count} events for {sender}; I was sent {events.Count}." }], []);
        }

        default:
            return Reject(action, $"unknown action {action}");
    }
});

app.Run();

static IResult Answer(JsonArray responses, JsonArray events) =>
    Results.Text(new JsonObject { ["events"] = events, ["responses"] = responses }.ToJsonString(), "application/json");

static IResult Reject(string action, string error) =>
    Results.Text(new JsonObject { ["action_name"] = action, ["error"] = error }.ToJsonString(), "application/json", statusCode: 400);

static JsonObject Slot(string name, JsonNode value) => new() { ["event"] = "slot", ["name"] = name, ["value"] = value };
