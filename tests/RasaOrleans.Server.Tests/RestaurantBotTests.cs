using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

/// <summary>The shipped restaurant-booking bot over HTTP: slots from free text, a custom action run by the client.</summary>
public sealed class RestaurantBotTests(RestaurantBotServer server) : IClassFixture<RestaurantBotServer>
{
    private readonly RasaClient _client = new(server.CreateClient());

    private static JsonArray Search(string action) => action == "action_search_restaurants"
        ? [new JsonObject { ["event"] = "slot", ["name"] = "matches", ["value"] = new JsonArray(new JsonObject { ["name"] = "Trattoria Orleans" }) }]
        : [];

    [Fact]
    public async Task Details_given_one_by_one_are_asked_for_in_turn_then_the_client_runs_the_search()
    {
        var id = RasaClient.NewId("rb");
        Assert.Equal(["utter_greet"], await _client.HandleMessageAsync(id, "/greet", Search));
        Assert.Equal(["utter_ask_location"], await _client.HandleMessageAsync(id, """/inform{"cuisine": "italian"}""", Search));
        Assert.Equal(["utter_ask_people"], await _client.HandleMessageAsync(id, """/inform{"location": "paris"}""", Search));
        Assert.Equal(["utter_ask_price"], await _client.HandleMessageAsync(id, """/inform{"people": "four"}""", Search));
        Assert.Equal(["utter_ack_dosearch", "action_search_restaurants", "utter_suggest"],
            await _client.HandleMessageAsync(id, """/inform{"price": "cheap"}""", Search));

        var tracker = await _client.TrackerAsync(id);
        Assert.Equal("Trattoria Orleans", tracker["slots"]!["matches"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(["utter_booked"], await _client.HandleMessageAsync(id, "/affirm", Search));
    }

    [Fact]
    public async Task Free_text_is_understood_by_the_bots_nlu_model_and_fills_slots()
    {
        var id = RasaClient.NewId("rb");
        await _client.HandleMessageAsync(id, "hello", Search);
        var actions = await _client.HandleMessageAsync(id, "a cheap indian place in rome for two", Search);

        var tracker = await _client.TrackerAsync(id);
        Assert.Equal("inform", tracker["latest_message"]!["intent"]!["name"]!.GetValue<string>());
        Assert.Equal("rome", tracker["slots"]!["location"]!.GetValue<string>());
        Assert.Equal("indian", tracker["slots"]!["cuisine"]!.GetValue<string>());
        Assert.Equal("cheap", tracker["slots"]!["price"]!.GetValue<string>());
        Assert.Equal(["utter_ack_dosearch", "action_search_restaurants", "utter_suggest"], actions);
    }

    [Theory]
    [InlineData("i want thai food in Lisbon", "Lisbon")]
    [InlineData("show me cheap restaurants in Chicago", "Chicago")]
    public async Task A_city_the_bots_examples_never_name_fills_the_location_slot(string text, string city)
    {
        // the bot's NLU data names five European capitals only; the built-in lexicon knows other cities
        Assert.DoesNotContain(city.ToLowerInvariant(), File.ReadAllText(Path.Combine(ShippedBots.Folder("restaurantbot"), "data", "nlu.md")).ToLowerInvariant());
        var id = RasaClient.NewId("rb");
        await _client.HandleMessageAsync(id, "hello", Search);
        await _client.HandleMessageAsync(id, text, Search);

        var tracker = await _client.TrackerAsync(id);
        Assert.Equal(city, tracker["slots"]!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_of_details_never_seen_in_training_still_gets_the_missing_question()
    {
        // the stories give one, two or all four details in a message, never three
        var id = RasaClient.NewId("rb");
        await _client.HandleMessageAsync(id, "/greet", Search);
        var actions = await _client.HandleMessageAsync(id, """/inform{"location": "berlin", "price": "expensive", "cuisine": "thai"}""", Search);

        Assert.Equal(["utter_ask_people"], actions);
        var informLines = File.ReadLines(Path.Combine(ShippedBots.Folder("restaurantbot"), "data", "stories.md")).Where(l => l.StartsWith("* inform{", StringComparison.Ordinal));
        Assert.DoesNotContain(informLines, l => l.Count(c => c == ':') == 3);
    }

    [Fact]
    public async Task Respond_runs_the_utterances_with_slots_filled_in()
    {
        var id = RasaClient.NewId("rb");
        var (status, body) = await _client.PostAsync($"/conversations/{id}/respond", """{"query": "/greet"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("book you a table", body![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
