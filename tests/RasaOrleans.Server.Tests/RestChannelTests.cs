using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

/// <summary>Rasa's REST channel on the shipped greetbot: the bot's messages in the channels' shape.</summary>
public sealed class RestChannelTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    private readonly RasaClient _client = new(factory.CreateClient());

    [Fact]
    public async Task The_webhook_answers_the_bots_messages_and_logs_the_conversation()
    {
        var sender = RasaClient.NewId();

        var (status, answer) = await _client.PostAsync("/webhooks/rest/webhook", $$$"""{"sender": "{{{sender}}}", "message": "/mood_unhappy", "metadata": {"channel": "web"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var messages = answer!.AsArray();
        Assert.Equal(3, messages.Count);
        Assert.Equal(sender, messages[0]!["recipient_id"]!.GetValue<string>());
        Assert.Equal("Here is something to cheer you up:", messages[0]!["text"]!.GetValue<string>());
        Assert.Equal("https://picsum.photos/id/237/300/200", messages[1]!["image"]!.GetValue<string>());
        Assert.Null(messages[1]!["text"]);
        Assert.Equal("Did that help you?", messages[2]!["text"]!.GetValue<string>());
        var events = (await _client.TrackerAsync(sender, "?include_events=ALL"))["events"]!.AsArray();
        Assert.Equal(["action", "user", "action", "bot", "bot", "action", "bot", "action"], events.Select(e => e!["event"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Buttons_come_as_the_channels_buttons_list()
    {
        var (_, answer) = await _client.PostAsync("/webhooks/rest/webhook", $$"""{"sender": "{{RasaClient.NewId()}}", "message": "/greet"}""");

        var greeting = Assert.Single(answer!.AsArray())!;
        Assert.Equal("Hey! How are you?", greeting["text"]!.GetValue<string>());
        Assert.Equal(["/mood_great", "/mood_unhappy"], greeting["buttons"]!.AsArray().Select(b => b!["payload"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_channel_answers_its_health_route()
    {
        var (status, answer) = await _client.GetAsync("/webhooks/rest/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", answer!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"sender": "x"}""", "'message' must be a string")]
    [InlineData("""{"sender": 5, "message": "hi"}""", "'sender' must be a string")]
    [InlineData("""{"sender": " ", "message": "hi"}""", "sender is empty or only white space")]
    [InlineData("""{"sender": "x", "message": "hi", "metadata": "web"}""", "'metadata' must be an object")]
    [InlineData("""["hi"]""", "must be a JSON object")]
    public async Task A_bad_message_is_400_and_creates_no_conversation(string body, string problem)
    {
        var (status, answer) = await _client.PostAsync("/webhooks/rest/webhook", body.Replace("\"x\"", "\"rest-refused\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(problem, answer!["error"]!.GetValue<string>());
        Assert.DoesNotContain("rest-refused", (await _client.GetAsync("/conversations")).Body!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
