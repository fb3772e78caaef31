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
        using (var first = ServerProcess.Start(_data.Path, logFile))
        {
            await first.WaitUntilReadyAsync(StartDeadline);
            using var hello = await first.Http.GetAsync("/");
            Assert.Equal("hello from Rasa Core: 0.10.4", await hello.Content.ReadAsStringAsync());
            Assert.True(File.Exists(Path.Combine(_data.Path, "rasa-orleans.db")), first.Output);
            await WaitForAsync(() => File.Exists(logFile) && ReadShared(logFile).Contains("listening on", StringComparison.Ordinal), StartDeadline);
            first.Kill();
        }

        Assert.StartsWith("{", File.ReadLines(logFile).First(), StringComparison.Ordinal);
        using var second = ServerProcess.Start(_data.Path, logFile);
        await second.WaitUntilReadyAsync(StartDeadline);
    }

    [Fact]
    public async Task A_conversation_answered_before_kill_9_is_served_unchanged_after_the_restart()
    {
        var logFile = Path.Combine(_data.Path, "server.log");
        string before;
        using (var first = ServerProcess.Start(_data.Path, logFile))
        {
            await first.WaitUntilReadyAsync(StartDeadline);
            await PostAsync(first.Http, "/conversations/durable/parse", """{"query": "/greet{\"name\": \"Ada\"}"}""");
            await PostAsync(first.Http, "/conversations/durable/continue", """{"executed_action": "utter_greet_name", "events": [{"event": "bot", "text": "Nice to meet you, Ada!"}]}""");
            await PostAsync(first.Http, "/conversations/durable/parse", """{"query": "/mood_great"}""");
            before = await first.Http.GetStringAsync("/conversations/durable/tracker?ignore_restarts=true");
            first.Kill();
        }

        using var second = ServerProcess.Start(_data.Path, logFile);
        await second.WaitUntilReadyAsync(StartDeadline);
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

    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private ServerProcess(Process process, int port)
        {
            _process = process;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public HttpClient Http { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static ServerProcess Start(string dataDirectory, string logFile)
        {
            var serverDll = typeof(Program).Assembly.Location;
            var port = RasaServerFactory.FreeTcpPort();
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dataDirectory,
            };
            foreach (var arg in new[] { serverDll, "run", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", dataDirectory, "-o", logFile })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["RasaOrleans__SiloPort"] = RasaServerFactory.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["RasaOrleans__GatewayPort"] = RasaServerFactory.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            return new ServerProcess(Process.Start(start)!, port);
        }

        public async Task WaitUntilReadyAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                Assert.False(_process.HasExited, $"server exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
                try
                {
                    using var response = await Http.GetAsync("/health/ready");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                Assert.True(DateTime.UtcNow < deadline, $"server not ready within {timeout}:\n{Output}");
                await Task.Delay(PollInterval);
            }
        }

        /// <summary>SIGKILL, no shutdown hooks: what <c>kill -9</c> does.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            Http.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
