using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using RasaOrleans.Core.Events;
using Xunit.Abstractions;

namespace RasaOrleans.Server.Tests.Fuzzing;

/// <summary>
/// Thousands of generated bad bodies per route (CsCheck, deterministic by seed), each checked for what the README
/// promises: never a 5xx; a 4xx has a JSON <c>{"error": …}</c> body and leaves the conversation exactly as it
/// was; a 2xx changes it as documented and leaves it readable and writable.
/// </summary>
public sealed class GeneratedBadInputTests(RasaServerFactory factory, ITestOutputHelper output) : IClassFixture<RasaServerFactory>
{
    /// <summary>Fixed, so every run tries the same bodies; a failure prints the case to reproduce it with.</summary>
    private const string Seed = "0000000000ra";

    private const int BodiesPerRoute = 1500;

    private const string Events = """
        [{"event": "slot", "name": "name", "value": {"first": "Ada", "tags": [1, 2.5, "x", null, true]}, "timestamp": 1514764800.0},
         {"event": "user", "text": "hi there", "timestamp": 1514764801.25,
          "parse_data": {"intent": {"name": "greet", "confidence": 0.9}, "entities": [{"entity": "name", "value": "Ada", "start": 0, "end": 3}]}},
         {"event": "bot", "text": "hey", "data": {"buttons": [{"title": "great", "payload": "/mood_great"}]}},
         {"event": "action", "name": "utter_greet"},
         {"event": "reminder", "action": "utter_greet", "date_time": "2018-09-03T11:41:10.128172", "name": "r1", "kill_on_user_msg": true},
         {"event": "followup", "name": "utter_greet"},
         {"event": "action", "name": "action_listen"}]
        """;

    public static TheoryData<FuzzedRoute> Routes() =>
    [
        new("POST", "parse", """{"query": "hello there, I am Ada"}""", true, FuzzedRoute.Effect.Grows),
        new("POST", "parse", """{"q": "/greet{\"name\": \"Ada\", \"extra\": [1, {\"a\": null}]}"}""", true, FuzzedRoute.Effect.Grows),
        new("POST", "respond", """{"query": "/mood_unhappy"}""", true, FuzzedRoute.Effect.Grows),
        new("POST", "continue",
            """{"executed_action": "utter_greet", "events": [{"event": "bot", "text": "Hey", "data": {"buttons": []}}, {"event": "slot", "name": "name", "value": "Ada", "timestamp": 1500000000.5}]}""",
            true, FuzzedRoute.Effect.MayGrow),
        new("POST", "tracker/events", Events, true, FuzzedRoute.Effect.AppendsPosted),
        new("POST", "tracker/events?include_events=ALL", """{"event": "slot", "name": "name", "value": ["Ada", {"x": 1.5}], "timestamp": 1514764800.5}""", true, FuzzedRoute.Effect.AppendsPosted),
        new("PUT", "tracker", Events, true, FuzzedRoute.Effect.ReplacesWithPosted),
        new("PUT", "tracker/events", Events, true, FuzzedRoute.Effect.ReplacesWithPosted),
        new("POST", "/parse", """{"q": "hello there", "model": "default"}""", false, FuzzedRoute.Effect.None),
        new("POST", "/model/parse", """{"text": "I am sad, my name is Ada"}""", false, FuzzedRoute.Effect.None),
        new("POST", "/webhooks/rest/webhook", """{"sender": "fuzz-webhook", "message": "/greet{\"name\": \"Ada\"}", "metadata": {"channel": ["web", 1]}}""", false, FuzzedRoute.Effect.None),
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Generated_bad_bodies_never_fail_the_server_and_change_nothing_when_refused(FuzzedRoute route)
    {
        var client = factory.CreateClient();
        var counts = new Dictionary<string, int>();
        await JsonMutation.Generator.SampleAsync(
            async mutation =>
            {
                var status = await CheckAsync(client, route, mutation.Apply(route.Example));
                lock (counts)
                {
                    var key = $"{mutation.What} {status / 100}xx";
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            },
            seed: Seed,
            iter: BodiesPerRoute,
            threads: 1,
            print: mutation => $"{mutation}: {mutation.Apply(route.Example)}");

        output.WriteLine($"{route}: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
        Assert.True(counts.Where(c => c.Key.EndsWith("4xx", StringComparison.Ordinal)).Sum(c => c.Value) > BodiesPerRoute / 3,
            $"most generated bodies should be refused; got {string.Join(", ", counts)}");
    }

    private static async Task<int> CheckAsync(HttpClient client, FuzzedRoute route, string body)
    {
        var id = $"fuzz-{Guid.NewGuid():N}";
        var trackerPath = $"/conversations/{id}/tracker?include_events=ALL";
        string? before = null;
        if (route.Conversation)
        {
            before = await ReadTrackerAsync(client, trackerPath);
        }

        var path = route.Conversation ? $"/conversations/{id}/{route.Path}" : route.Path;
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{route} answered {status} {answer}");

        if (status is >= 400 and < 500)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var error = JsonText.Read(answer).AsObject();
            Assert.True(error["error"] is JsonValue message && message.TryGetValue<string>(out var text) && text.Length > 0, $"{route} {status}: {answer}");
            if (route.Conversation)
            {
                Assert.Equal(before, await ReadTrackerAsync(client, trackerPath));
            }

            return status;
        }

        Assert.True(status is >= 200 and < 300, $"{route} answered {status} {answer}");
        _ = JsonText.Read(answer);
        if (route.Conversation)
        {
            var after = await ReadTrackerAsync(client, trackerPath);
            var oldEvents = JsonText.Read(before!)["events"]!.AsArray();
            var newEvents = JsonText.Read(after)["events"]!.AsArray();
            var (eventsBefore, eventsAfter) = (oldEvents.Count, newEvents.Count);
            if (route.Change != FuzzedRoute.Effect.ReplacesWithPosted)
            {
                // nothing that was logged is lost or changed
                Assert.Equal(JsonText.Write(oldEvents), JsonText.Write(new JsonArray([.. newEvents.Take(eventsBefore).Select(e => e?.DeepClone())])));
            }

            var posted = PostedEvents(body);
            switch (route.Change)
            {
                case FuzzedRoute.Effect.Grows:
                    Assert.True(eventsAfter > eventsBefore, $"{route} answered {status} but logged nothing");
                    break;
                case FuzzedRoute.Effect.MayGrow:
                    Assert.True(eventsAfter >= eventsBefore, $"{route} answered {status} but lost events");
                    break;
                case FuzzedRoute.Effect.AppendsPosted:
                    Assert.Equal(eventsBefore + posted, eventsAfter);
                    break;
                case FuzzedRoute.Effect.ReplacesWithPosted:
                    Assert.Equal(posted, eventsAfter);
                    break;
            }

            // still writable: the next message is taken
            using var next = await client.PostAsync($"/conversations/{id}/parse", new StringContent("""{"query": "/greet"}"""));
            Assert.True(next.StatusCode == HttpStatusCode.OK, $"after {route} {status}: parse answered {(int)next.StatusCode} {await next.Content.ReadAsStringAsync()}");
        }

        return status;
    }

    private static async Task<string> ReadTrackerAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET tracker answered {(int)response.StatusCode} {text}");
        return text;
    }

    // the events a body that was accepted carries: list entries (or the one object) with an "event" key
    private static int PostedEvents(string body) => JsonText.Read(body) switch
    {
        JsonArray list => list.Count(e => e is JsonObject o && o.ContainsKey("event")),
        JsonObject one when one.ContainsKey("event") => 1,
        _ => 0,
    };
}
