using System.Diagnostics;
using System.Net;
using System.Text;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// The built server as a real process (<c>dotnet RasaOrleans.Server.dll run …</c>), killed with SIGKILL and
/// started again on the same data directory. Until the conversation API exists this proves the store
/// recovers from a kill; the end-to-end "tracker survives kill -9" test comes with that API.
/// </summary>
public sealed class ServerProcessTests : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
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
            await Task.Delay(100);
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
                await Task.Delay(200);
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
