using System.Diagnostics;
using System.Net;
using System.Text;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// The built server as a real process (<c>dotnet RasaOrleans.Server.dll run …</c>) on the embedded SQLite
/// store, killed with SIGKILL and started again on the same data directory.
/// </summary>
public sealed class ServerProcessTests : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_server_restarts_on_its_data_after_kill_9()
    {
        var logFile = Path.Combine(_data.Path, "server.log");
        using (var first = ChildProcess.StartServer(_data.Path, ["-o", logFile]))
        {
            await first.WaitUntilReadyAsync("/health/ready", StartDeadline);
            using var hello = await first.Http.GetAsync("/");
            Assert.Equal("hello from Rasa Core: 0.10.4", await hello.Content.ReadAsStringAsync());
            Assert.True(File.Exists(Path.Combine(_data.Path, "rasa-orleans.db")), first.Output);
            await WaitForAsync(() => File.Exists(logFile) && ReadShared(logFile).Contains("listening on", StringComparison.Ordinal), StartDeadline);
            first.Kill();
        }

        Assert.StartsWith("{", File.ReadLines(logFile).First(), StringComparison.Ordinal);
        using var second = ChildProcess.StartServer(_data.Path, ["-o", logFile]);
        await second.WaitUntilReadyAsync("/health/ready", StartDeadline);
    }

    [Fact]
    public async Task A_conversation_answered_before_kill_9_is_served_unchanged_after_the_restart()
    {
        var logFile = Path.Combine(_data.Path, "server.log");
        string before;
        using (var first = ChildProcess.StartServer(_data.Path, ["-o", logFile]))
        {
            await first.WaitUntilReadyAsync("/health/ready", StartDeadline);
            await PostAsync(first.Http, "/conversations/durable/parse", """{"query": "/greet{\"name\": \"Ada\"}"}""");
            await PostAsync(first.Http, "/conversations/durable/continue", """{"executed_action": "utter_greet_name", "events": [{"event": "bot", "text": "Nice to meet you, Ada!"}]}""");
            await PostAsync(first.Http, "/conversations/durable/parse", """{"query": "/mood_great"}""");
            before = await first.Http.GetStringAsync("/conversations/durable/tracker?ignore_restarts=true");
            first.Kill();
        }

        using var second = ChildProcess.StartServer(_data.Path, ["-o", logFile]);
        await second.WaitUntilReadyAsync("/health/ready", StartDeadline);
        var after = await second.Http.GetStringAsync("/conversations/durable/tracker?ignore_restarts=true");

        Assert.Equal(before, after);
        Assert.Contains("\"name\":\"Ada\"", after, StringComparison.Ordinal);
        Assert.Contains("durable", await second.Http.GetStringAsync("/conversations"), StringComparison.Ordinal);
    }

    private static async Task PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met before the deadline");
            await Task.Delay(PollInterval);
        }
    }
}
