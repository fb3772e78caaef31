using System.Diagnostics;
using System.Globalization;
using RasaOrleans.Testing;

namespace RasaOrleans.Integration.Tests.Processes;

/// <summary>
/// One real server process (<c>dotnet RasaOrleans.Server.dll run</c>: HTTP API and co-hosted silo), in AdoNet
/// cluster mode with PostgreSQL storage advertising 127.0.0.1 (<see cref="Start"/>) or alone
/// (<see cref="StartAlone"/>), on free localhost ports, with its own temporary data directory. Its stdout and stderr are kept (the last lines) for the report of a failed test.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptLines = 300;
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "RasaOrleans.Server.dll");

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<string> _lines = new();
    private readonly Lock _linesLock = new();
    private int _droppedLines;

    private SiloProcess(string name, Process process, string dataDirectory, int httpPort)
    {
        Name = name;
        _process = process;
        _dataDirectory = dataDirectory;
        HttpPort = httpPort;
        Http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"),
            // above Orleans' 30 s grain-call timeout, so a slow grain call is seen as the server's 504
            Timeout = TimeSpan.FromSeconds(40),
        };
    }

    /// <summary>The test's name for this silo (<c>silo0</c>, ...), used in reports.</summary>
    public string Name { get; }

    /// <summary>The HTTP port the server listens on.</summary>
    public int HttpPort { get; }

    /// <summary>A client for this server's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>The operating-system process id.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>True once the test has killed or terminated this process.</summary>
    public bool IsStopped { get; private set; }

    /// <summary>
    /// Launches <c>run -p &lt;port&gt; --data &lt;temp dir&gt; -d <paramref name="modelDirectory"/></c> with the cluster
    /// settings in <c>RasaOrleans__*</c> environment variables. Returns at once; see <see cref="WaitUntilReadyAsync"/>.
    /// </summary>
    public static SiloProcess Start(string name, string connectionString, string clusterId, string serviceId, string modelDirectory) =>
        Launch(name, modelDirectory, new Dictionary<string, string>
        {
            ["RasaOrleans__Cluster"] = "AdoNet",
            ["RasaOrleans__Storage"] = "Postgres",
            ["RasaOrleans__PostgresConnectionString"] = connectionString,
            ["RasaOrleans__ClusterId"] = clusterId,
            ["RasaOrleans__ServiceId"] = serviceId,
            ["RasaOrleans__AdvertisedIP"] = "127.0.0.1",
        });

    /// <summary>
    /// Launches a server alone: localhost clustering, SQLite storage in its temporary data directory, no database.
    /// </summary>
    public static SiloProcess StartAlone(string name, string modelDirectory) =>
        Launch(name, modelDirectory, new Dictionary<string, string>
        {
            ["RasaOrleans__Cluster"] = "Localhost",
            ["RasaOrleans__Storage"] = "Sqlite",
        });

    private static SiloProcess Launch(string name, string modelDirectory, Dictionary<string, string> settings)
    {
        var httpPort = FreeTcpPort.Next();
        var dataDirectory = Directory.CreateTempSubdirectory("rasa-silo-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ServerDll, "run", "-p", Invariant(httpPort), "--data", dataDirectory, "-d", modelDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        // settings of the outer environment must not leak into the silo under test
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("RasaOrleans__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["RasaOrleans__SiloPort"] = Invariant(FreeTcpPort.Next());
        start.Environment["RasaOrleans__GatewayPort"] = Invariant(FreeTcpPort.Next());
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(name, process, dataDirectory, httpPort);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>GET /health/ready</c> answers 200; fails with the process output when it exits or the deadline passes.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready:\n{Output()}");
            }

            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await Http.GetAsync("health/ready", attempt.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !deadline.IsCancellationRequested))
            {
                // not listening yet, or a probe that took too long: ask again
            }

            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} not ready within {timeout.TotalSeconds:0} s:\n{Output()}");
            }
        }
    }

    /// <summary>kill -9: the process and its children end at once, with no chance to leave the cluster.</summary>
    public void Kill()
    {
        IsStopped = true;
        _process.Kill(entireProcessTree: true);
    }

    /// <summary>Sends SIGTERM (as Kubernetes does on a pod's deletion); the server shuts down gracefully.</summary>
    public async Task TerminateAsync()
    {
        IsStopped = true;
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Invariant(ProcessId)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start kill");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {ProcessId} exited with {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the process to end; returns its exit code, or null when it still runs at the deadline.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The kept output lines, each with the seconds since the process started.</summary>
    public string Output()
    {
        lock (_linesLock)
        {
            var header = _droppedLines > 0 ? $"({_droppedLines} earlier lines dropped)\n" : "";
            return header + string.Join('\n', _lines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a child that outlived the kill: the OS cleans temp up later
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_linesLock)
        {
            _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,7:0.00}s {line}");
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
                _droppedLines++;
            }
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
