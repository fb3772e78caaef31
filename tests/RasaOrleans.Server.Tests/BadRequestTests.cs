using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

/// <summary>Every kind of malformed request gets its 4xx with a message naming the problem, and changes nothing.</summary>
public sealed class BadRequestTests(RasaServerFactory factory) : IClassFixture<RasaServerFactory>
{
    private readonly RasaClient _client = new(factory.CreateClient());

    public static TheoryData<string, string, string, string?, int, string> Cases() => new()
    {
        { "invalid JSON", "POST", "parse", "{not json", 400, "not valid JSON" },
        { "empty body", "POST", "parse", "", 400, "empty" },
        { "body not an object", "POST", "parse", """["/greet"]""", 400, "must be a JSON object" },
        { "no query", "POST", "parse", """{"text": "/greet"}""", 400, "Invalid parse parameter specified." },
        { "query not a string", "POST", "parse", """{"query": 5}""", 400, "'query' must be a string, got the number 5" },
        { "q null", "POST", "parse", """{"q": null}""", 400, "'q' must be a string" },
        { "GET parse without query", "GET", "parse?text=hi", null, 400, "Invalid parse parameter specified." },
        { "executed_action not a string", "POST", "continue", """{"executed_action": 3}""", 400, "'executed_action' must be" },
        { "events not a list", "POST", "continue", """{"executed_action": "utter_greet", "events": {"event": "bot"}}""", 400, "'events' must be a list" },
        { "unknown event type", "POST", "continue", """{"executed_action": "utter_greet", "events": [{"event": "nonsense"}]}""", 400, "Unknown event name 'nonsense'" },
        { "user event without parse_data", "POST", "continue", """{"executed_action": "utter_greet", "events": [{"event": "user", "text": "x"}]}""", 400, "parse_data" },
        { "event timestamp not a number", "POST", "continue", """{"executed_action": "utter_greet", "events": [{"event": "bot", "timestamp": "yesterday"}]}""", 400, "timestamp" },
        { "unknown executed action", "POST", "continue", """{"executed_action": "utter_nope"}""", 400, "utter_nope" },
        { "continue with invalid JSON", "POST", "continue", "executed_action=utter_greet", 400, "not valid JSON" },
        { "until not a number", "GET", "tracker?until=yesterday", null, 400, "'until'" },
        { "until not finite", "GET", "tracker?until=NaN", null, 400, "'until'" },
        { "unknown include_events", "GET", "tracker?include_events=SOME", null, 400, "include_events" },
        { "replace with an object", "PUT", "tracker", """{"event": "slot", "name": "name", "value": 1}""", 400, "expected a JSON list of events" },
        { "replace with non-objects", "PUT", "tracker", "[1, 2]", 400, "event #0" },
        { "replace with invalid JSON", "PUT", "tracker/events", "[{]", 400, "not valid JSON" },
        { "append a string", "POST", "tracker/events", "\"restart\"", 400, "expected a JSON list of events" },
        { "append a slot without name", "POST", "tracker/events", """[{"event": "slot", "value": 1}]""", 400, "name" },
        { "append with unknown include_events", "POST", "tracker/events?include_events=MANY", """[{"event": "pause"}]""", 400, "include_events" },
        { "respond without text", "POST", "respond", "{}", 400, "Invalid respond parameter specified." },
        { "respond text not a string", "POST", "respond", """{"query": ["/greet"]}""", 400, "'query' must be a string" },
        { "GET respond without text", "GET", "respond", null, 400, "Invalid respond parameter specified." },
        { "oversized body", "POST", "parse", "{\"query\": \"" + new string('x', 1_100_000) + "\"}", 413, "larger than the limit" },
        { "oversized events", "POST", "tracker/events", "[" + string.Join(",", Enumerable.Repeat("""{"event": "pause"}""", 3_600_000)) + "]", 413, "larger than the limit" },
        { "wrong method", "DELETE", "tracker", null, 405, "Method not allowed" },
        { "duplicate key on parse", "POST", "parse", """{"query": "/greet", "query": "/goodbye"}""", 400, "Duplicate property 'query'" },
        { "duplicate key in a continue event", "POST", "continue", """{"executed_action": "utter_greet", "events": [{"event": "bot", "text": "a", "text": "b"}]}""", 400, "Duplicate property 'text'" },
        { "duplicate key in an appended event", "POST", "tracker/events", """[{"event": "slot", "name": "name", "name": "x", "value": 1}]""", 400, "Duplicate property 'name'" },
        { "duplicate key in a replacing event", "PUT", "tracker", """[{"event": "pause", "event": "resume"}]""", 400, "Duplicate property 'event'" },
        { "lone high surrogate on parse", "POST", "parse", """{"query": "\ud800"}""", 400, "lone UTF-16 surrogate" },
        { "lone low surrogate on respond", "POST", "respond", """{"query": "a\udfffb"}""", 400, "lone UTF-16 surrogate" },
        { "lone surrogate in a key", "POST", "tracker/events", """[{"event": "slot", "name": "name", "value": {"\ud800": 1}}]""", 400, "lone UTF-16 surrogate" },
        { "timestamp 1e400 on append", "POST", "tracker/events", """[{"event": "pause", "timestamp": 1e400}]""", 400, "1e400" },
        { "timestamp -1e400 on replace", "PUT", "tracker", """[{"event": "pause", "timestamp": -1e400}]""", 400, "out of range" },
        { "slot value 1e999 on continue", "POST", "continue", """{"executed_action": "utter_greet", "events": [{"event": "slot", "name": "name", "value": 1e999}]}""", 400, "out of range" },
        { "nesting past the limit", "POST", "tracker/events", "[{\"event\": \"slot\", \"name\": \"name\", \"value\": " + Nested(63) + "}]", 400, "depth" },
    };

    /// <summary>A JSON value nested <paramref name="levels"/> objects deep.</summary>
    public static string Nested(int levels) => string.Concat(Enumerable.Repeat("{\"a\": ", levels)) + "\"x\"" + new string('}', levels);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_request_is_rejected_with_a_clear_message_and_changes_nothing(
        string kind, string method, string route, string? body, int status, string message)
    {
        var id = RasaClient.NewId();
        await _client.HandleMessageAsync(id, "/greet");
        var before = await _client.TrackerTextAsync(id);

        var (actualStatus, answer) = await _client.SendAsync(new HttpMethod(method), $"/conversations/{id}/{route}", body);

        Assert.True((int)actualStatus == status, $"{kind}: expected {status}, got {(int)actualStatus} {answer}");
        Assert.Contains(message, answer!["error"]!.GetValue<string>());
        Assert.Equal(before, await _client.TrackerTextAsync(id));
    }

    [Theory]
    [InlineData("/conversations//parse", "is empty")]
    [InlineData("/conversation//tracker", "is empty")]
    [InlineData("/conversations/a%01b/parse", "control characters")]
    [InlineData("/conversations/a%0Ab/tracker", "control characters")]
    public async Task Bad_conversation_ids_are_400(string path, string message)
    {
        var (status, answer) = await _client.PostAsync(path, """{"query": "/greet"}""");
        if (status == HttpStatusCode.MethodNotAllowed)
        {
            (status, answer) = await _client.GetAsync(path);
        }

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, answer!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conversation_id_longer_than_512_characters_is_400_and_not_stored()
    {
        var id = new string('a', 513);
        var (status, answer) = await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("longer than 512", answer!["error"]!.GetValue<string>());
        Assert.DoesNotContain(id, (await _client.GetAsync("/conversations")).Body!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/conversations/{new string('b', 512)}/tracker")).Status);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(62)]
    public async Task A_deeply_nested_slot_value_that_is_accepted_can_be_read_and_used_afterwards(int levels)
    {
        var id = RasaClient.NewId();
        var (status, answer) = await _client.PostAsync(
            $"/conversations/{id}/tracker/events?include_events=ALL", $$"""{"event": "slot", "name": "name", "value": {{Nested(levels)}}}""");
        Assert.True(status == HttpStatusCode.OK, $"append: {(int)status} {answer}");

        var tracker = await _client.TrackerAsync(id);
        Assert.NotNull(tracker["slots"]!["name"]!["a"]);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/greet"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/conversations/{id}/continue", """{"executed_action": "utter_greet"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/conversations/{id}/predict", "{}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/conversations/{id}/tracker?include_events=ALL")).Status);
    }

    [Fact]
    public async Task A_refused_request_on_a_new_id_creates_no_conversation()
    {
        var id = RasaClient.NewId();

        var (status, _) = await _client.PostAsync($"/conversations/{id}/continue", """{"executed_action": "utter_nope"}""");
        var (appendStatus, _) = await _client.PostAsync($"/conversations/{id}/tracker/events", "[{\"event\": \"pause\", \"timestamp\": 1e400}]");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(HttpStatusCode.BadRequest, appendStatus);
        Assert.DoesNotContain(id, (await _client.GetAsync("/conversations")).Body!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/conversations/%20/tracker")]
    [InlineData("/conversations/%20%20/parse")]
    public async Task A_blank_conversation_id_is_400_with_the_documented_error_shape(string path)
    {
        var (status, answer) = await _client.GetAsync(path);
        if (status == HttpStatusCode.MethodNotAllowed)
        {
            (status, answer) = await _client.PostAsync(path, """{"query": "/greet"}""");
        }

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["error"], answer!.AsObject().Select(p => p.Key));
        Assert.Contains("white space", answer["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_route_is_404_with_a_json_error()
    {
        var (status, answer) = await _client.GetAsync("/conversations/x/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Not found", answer!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_method_is_405_with_a_json_error_and_allow_header()
    {
        using var response = await _client.Http.DeleteAsync("/domain");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow.Concat(response.Headers.Select(h => string.Join(",", h.Value))));
        Assert.Contains("Method not allowed", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }
}
