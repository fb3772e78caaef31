using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// What the end-to-end benchmark modes share: starting the real server process and waiting for it, free ports,
/// command-line options, percentiles and a process's resident memory.
/// </summary>
internal static class BenchHost
{
    /// <summary>Starts <c>dotnet RasaOrleans.Server.dll run</c> on <paramref name="port"/> with its data in <paramref name="data"/>.</summary>
    /// <param name="environment">Extra environment variables (configuration keys such as <c>RasaOrleans__Storage</c>).</param>
    public static Process StartServer(string serverDll, int port, string data, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { serverDll, "run", "-p", port.ToString(CultureInfo.InvariantCulture), "--data", data })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["RasaOrleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["RasaOrleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return StartWithOutput(start);
    }

    /// <summary>Starts this benchmark program's <c>bare</c> mode (a bare Kestrel endpoint) in its own process.</summary>
    public static Process StartBare(int port)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(BenchHost).Assembly.Location, "bare", "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        return StartWithOutput(start);
    }

    /// <summary>Stops a process this program started and waits for it.</summary>
    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        process.Dispose();
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200 (two minutes at most).</summary>
    public static async Task WaitReadyAsync(HttpClient http, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new InvalidOperationException("the server did not become ready");
    }

    /// <summary>The Release (or Debug) build of the server next to this program's build.</summary>
    public static string FindServerDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "RasaOrleans.Server", "bin", configuration, "net10.0", "RasaOrleans.Server.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"build the server first: dotnet build -c {configuration} src/RasaOrleans.Server");
    }

    /// <summary>A TCP port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The value after <paramref name="name"/> on the command line, or null.</summary>
    public static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>An integer option with a default.</summary>
    public static int IntArg(string[] args, string name, int fallback) =>
        Arg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A duration option in seconds (<c>90</c>, <c>1.5</c>) or as a TimeSpan (<c>00:01:30</c>).</summary>
    public static TimeSpan TimeArg(string[] args, string name, TimeSpan fallback) => Arg(args, name) switch
    {
        null => fallback,
        var v when v.Contains(':', StringComparison.Ordinal) => TimeSpan.Parse(v, CultureInfo.InvariantCulture),
        var v => TimeSpan.FromSeconds(double.Parse(v.TrimEnd('s'), CultureInfo.InvariantCulture)),
    };

    /// <summary>The value at quantile <paramref name="p"/> (0..1) of <paramref name="values"/> (nearest rank).</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Resident memory of a process in bytes (<c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>).</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }

    /// <summary>The 1-minute load average, printed next to every measurement (the machine is shared).</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "n/a";

    /// <summary>An HTTP client for many concurrent requests to one server.</summary>
    public static HttpClient Client(string baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = new Uri(baseAddress),
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static Process StartWithOutput(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
