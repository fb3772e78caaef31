using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// A test client for the Rasa routes: sends JSON (as text/plain, like Rasa's own remote client) and returns
/// the status with the parsed body.
/// </summary>
public sealed class RasaClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static string NewId(string prefix = "c") => $"{prefix}-{Guid.NewGuid():N}";

    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<(HttpStatusCode Status, JsonNode? Body)> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonText.Read(text));
    }

    /// <summary>The tracker as the default <c>GET .../tracker</c> shows it, and its raw text.</summary>
    public async Task<JsonObject> TrackerAsync(string id, string query = "")
    {
        var (status, body) = await GetAsync($"/conversations/{id}/tracker{query}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!.AsObject();
    }

    public async Task<string> TrackerTextAsync(string id, string query = "?ignore_restarts=true") =>
        JsonText.Write(await TrackerAsync(id, query));

    /// <summary>
    /// What <c>rasa_core/remote.py</c> does for one user message: parse, then while the next action is neither
    /// <c>action_listen</c> nor null, "run" it with <paramref name="execute"/> (which returns the events it
    /// produced) and report it with continue. Returns the actions run, in order.
    /// </summary>
    public async Task<List<string>> HandleMessageAsync(string id, string text, Func<string, JsonArray>? execute = null)
    {
        execute ??= _ => [];
        var (status, body) = await PostAsync($"/conversations/{id}/parse", new JsonObject { ["query"] = text }.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"parse {text}: {status} {body}");
        var actions = new List<string>();
        for (var guard = 0; guard < 20; guard++)
        {
            var next = body!["next_action"]?.GetValue<string>();
            if (next is null || next == "action_listen")
            {
                return actions;
            }

            actions.Add(next);
            var request = new JsonObject { ["executed_action"] = next, ["events"] = execute(next) };
            (status, body) = await PostAsync($"/conversations/{id}/continue", request.ToJsonString());
            Assert.True(status == HttpStatusCode.OK, $"continue {next}: {status} {body}");
        }

        throw new InvalidOperationException("more than 20 actions for one message");
    }
}
