using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace RasaOrleans.Server.Tests;

/// <summary>A .NET program of this repository run as a real process on a port, its output kept for failure messages.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    /// <summary>Starts <c>dotnet &lt;dll&gt; args…</c> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess Start(string dll, int port, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(start)!, port);
    }

    /// <summary>The Rasa server (this repository's) as a process: <c>run -p port --data dir</c> plus <paramref name="args"/>.</summary>
    public static ChildProcess StartServer(string dataDirectory, IEnumerable<string> args)
    {
        var port = FreeTcpPort.Next();
        return Start(typeof(Program).Assembly.Location, port, dataDirectory,
            ["run", "-p", port.ToString(CultureInfo.InvariantCulture), "--data", dataDirectory, .. args],
            new Dictionary<string, string>
            {
                ["RasaOrleans__SiloPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
                ["RasaOrleans__GatewayPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            });
    }

    /// <summary>The test action server (tests/RasaOrleans.TestActionServer), built next to this test assembly.</summary>
    public static string ActionServerDll()
    {
        // …/tests/RasaOrleans.Server.Tests/bin/<configuration>/<framework>/ → …/tests/RasaOrleans.TestActionServer/bin/<configuration>/<framework>/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, "RasaOrleans.TestActionServer", "bin", configuration, framework, "RasaOrleans.TestActionServer.dll");
        Assert.True(File.Exists(dll), $"the test action server is not built at {dll}");
        return dll;
    }

    /// <summary>Waits until GET <paramref name="path"/> answers 200.</summary>
    public async Task WaitUntilReadyAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(_process.HasExited, $"process exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                using var response = await Http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, $"not ready within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL, no shutdown hooks: what <c>kill -9</c> does; returns once the process is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>
    /// Waits for the process to end by itself, and then for the last of its output: with a timeout, Process only
    /// waits for the exit, and the output's final lines (often the one a test asserts) may still be on their way.
    /// </summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
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
