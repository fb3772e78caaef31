using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

/// <summary>The HTTP contract against the upstream example bots and fixtures in ../shared (skipped without it).</summary>
public sealed class ExampleBotTests(ExampleBotServers bots) : IClassFixture<ExampleBotServers>
{
    private static JsonArray Uttered(string action) =>
        action.StartsWith("utter_", StringComparison.Ordinal) ? [new JsonObject { ["event"] = "bot", ["text"] = action }] : [];

    [SharedFact]
    public async Task Moodbot_remote_client_loop_follows_the_sad_path()
    {
        var client = bots.Client(ExampleBotServers.Moodbot);
        var id = RasaClient.NewId();

        Assert.Equal(["utter_greet"], await client.HandleMessageAsync(id, "/greet", Uttered));
        Assert.Equal(["utter_cheer_up", "utter_did_that_help"], await client.HandleMessageAsync(id, "/mood_unhappy", Uttered));
        Assert.Equal(["utter_goodbye"], await client.HandleMessageAsync(id, "/mood_deny", Uttered));
        Assert.Equal("action_listen", (await client.TrackerAsync(id))["events"]!.AsArray()[^1]!["name"]!.GetValue<string>());
    }

    [SharedFact]
    public async Task Remotebot_remote_client_loop_reports_slots_set_by_client_side_actions()
    {
        var client = bots.Client(ExampleBotServers.Remotebot);
        var id = RasaClient.NewId();
        JsonArray Execute(string action) => action == "search_venues"
            ? [new JsonObject { ["event"] = "slot", ["name"] = "venues", ["value"] = JsonNode.Parse("""[{"name": "Big Arena", "reviews": 4.5}]""") }]
            : [];

        Assert.Equal(["greet"], await client.HandleMessageAsync(id, "/greet", Execute));
        Assert.Equal(["search_venues"], await client.HandleMessageAsync(id, "/search_venues", Execute));
        Assert.Equal(["youarewelcome"], await client.HandleMessageAsync(id, "/thankyou", Execute));
        Assert.Equal(["goodbye"], await client.HandleMessageAsync(id, "/goodbye", Execute));

        var tracker = await client.TrackerAsync(id);
        Assert.Equal("Big Arena", tracker["slots"]!["venues"]![0]!["name"]!.GetValue<string>());
    }

    [SharedFact]
    public async Task Restaurantbot_remote_client_loop_follows_a_babi_story_opening()
    {
        var client = bots.Client(ExampleBotServers.Restaurantbot);
        var id = RasaClient.NewId();

        Assert.Equal(["utter_ask_howcanhelp"], await client.HandleMessageAsync(id, "/greet", Uttered));
        Assert.Equal(["utter_on_it", "utter_ask_location"], await client.HandleMessageAsync(id, """/inform{"cuisine": "italian"}""", Uttered));
        Assert.Equal(["utter_ask_numpeople"], await client.HandleMessageAsync(id, """/inform{"location": "paris"}""", Uttered));
        Assert.Equal(["utter_ask_price"], await client.HandleMessageAsync(id, """/inform{"people": "six"}""", Uttered));
        Assert.Equal(["utter_ask_moreupdates"], await client.HandleMessageAsync(id, """/inform{"price": "cheap"}""", Uttered));

        var slots = (await client.TrackerAsync(id))["slots"]!;
        Assert.Equal("italian", slots["cuisine"]!.GetValue<string>());
        Assert.Equal("paris", slots["location"]!.GetValue<string>());
    }

    [SharedFact]
    public async Task Moodbot_respond_matches_the_spec_example()
    {
        var client = bots.Client(ExampleBotServers.Moodbot);
        var id = RasaClient.NewId();

        var (status, greet) = await client.PostAsync($"/conversations/{id}/respond", """{"query": "/greet"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equivalent(JsonNode.Parse($$"""
            [{"recipient_id": "{{id}}", "text": "Hey! How are you?",
              "data": [{"title": "great", "payload": "great"}, {"title": "super sad", "payload": "super sad"}]}]
            """), greet);
        var (_, sad) = await client.PostAsync($"/conversations/{id}/respond", """{"q": "/mood_unhappy"}""");
        Assert.Equal(
            ["Here is something to cheer you up:", "Image: https://i.imgur.com/nGF1K8f.jpg", "Did that help you?"],
            sad!.AsArray().Select(m => m!["text"]!.GetValue<string>()));
        Assert.All(sad.AsArray(), m => Assert.Equal(id, m!["recipient_id"]!.GetValue<string>()));
    }

    [SharedFact]
    public async Task Respond_for_the_default_sender_id_uses_it_as_recipient()
    {
        var client = bots.Client(ExampleBotServers.Moodbot);
        await client.PutAsync("/conversations/default/tracker", """[{"event": "action", "name": "action_listen"}]""");

        var (_, greet) = await client.PostAsync("/conversations/default/respond", """{"query": "/greet"}""");

        JsonAssert.Equivalent(JsonNode.Parse("""
            [{"recipient_id": "default", "text": "Hey! How are you?",
              "data": [{"title": "great", "payload": "great"}, {"title": "super sad", "payload": "super sad"}]}]
            """), greet);
    }

    [SharedFact]
    public async Task Domain_json_equals_the_spec_example_for_the_default_test_domain()
    {
        var (status, domain) = await bots.Client(ExampleBotServers.DefaultDomain).GetAsync("/domain");

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equivalent(JsonNode.Parse("""
            {"config": {"store_entities_as_slots": true},
             "intents": [{"greet": {"use_entities": true}}, {"default": {"use_entities": true}}, {"goodbye": {"use_entities": true}}],
             "entities": ["name"],
             "slots": {"cuisine": {"type": "rasa_core.slots.TextSlot", "initial_value": null},
                       "location": {"type": "rasa_core.slots.TextSlot", "initial_value": null}},
             "templates": {"utter_greet": [{"text": "hey there!"}], "utter_goodbye": [{"text": "goodbye :("}],
                           "utter_default": [{"text": "default message"}]},
             "actions": ["utter_default", "utter_greet", "utter_goodbye"],
             "action_names": ["utter_default", "utter_greet", "utter_goodbye"],
             "action_factory": null}
            """), domain);
    }

    [SharedFact]
    public async Task Put_tracker_matches_the_spec_example()
    {
        var client = bots.Client(ExampleBotServers.DefaultDomain);
        var id = RasaClient.NewId();
        await client.HandleMessageAsync(id, "/greet");

        var (status, body) = await client.PutAsync($"/conversations/{id}/tracker",
            """[{"event": "slot", "name": "cuisine", "value": "mexican"}, {"event": "action", "name": "action_listen"}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.Equivalent(JsonNode.Parse("""{"cuisine": "mexican", "location": null}"""), body!["slots"]);
        JsonAssert.Equivalent(JsonNode.Parse("""{"text": null, "intent": {}, "entities": []}"""), body["latest_message"]);
        Assert.False(body["paused"]!.GetValue<bool>());
        Assert.Equal(["slot", "action"], body["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()));
    }
}
