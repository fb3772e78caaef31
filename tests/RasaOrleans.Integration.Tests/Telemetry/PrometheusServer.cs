using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RasaOrleans.Testing;

namespace RasaOrleans.Integration.Tests.Telemetry;

/// <summary>
/// A real Prometheus process scraping one target every second, with its own temporary storage, listening on a
/// free localhost port; its HTTP API answers instant queries.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly List<string> _output = [];

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The Prometheus binary: <c>PROMETHEUS</c>, else <c>prometheus</c> on the PATH; null when there is none.</summary>
    public static string? Binary =>
        Environment.GetEnvironmentVariable("PROMETHEUS") is { Length: > 0 } given && File.Exists(given)
            ? given
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "prometheus"))
                .FirstOrDefault(File.Exists);

    /// <summary>When Prometheus was started: a rate window reaching back to it sees every sample it took.</summary>
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>Starts Prometheus scraping <c>http://127.0.0.1:<paramref name="targetPort"/>/metrics</c> every second.</summary>
    public static PrometheusServer Start(int targetPort)
    {
        var binary = Binary ?? throw new InvalidOperationException(
            "prometheus is not installed (Debian: apt-get install prometheus; .ci/run installs it)");
        var directory = Directory.CreateTempSubdirectory("rasa-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: rasa-orleans
                metrics_path: /metrics
                static_configs:
                  - targets: ["127.0.0.1:{targetPort}"]
            """);
        var port = FreeTcpPort.Next();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until <c>/-/ready</c> answers 200.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        await Eventually.HoldsAsync(async () =>
        {
            if (_process.HasExited)
            {
                Assert.Fail($"prometheus exited with code {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var response = await _http.GetAsync("-/ready");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeout, "prometheus ready");
    }

    /// <summary>Evaluates <paramref name="expression"/> now (the HTTP API's instant query); a vector or a scalar.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string expression)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(expression));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.True(root.GetProperty("status").GetString() == "success", $"query `{expression}` failed: {body}");
        var data = root.GetProperty("data");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => [.. data.GetProperty("result").EnumerateArray().Select(e => new PrometheusSample(
                e.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                Number(e.GetProperty("value")[1])))],
            "scalar" => [new PrometheusSample(new Dictionary<string, string>(), Number(data.GetProperty("result")[1]))],
            var other => throw new Xunit.Sdk.XunitException($"query `{expression}`: unexpected result type {other}"),
        };
    }

    /// <summary>What Prometheus printed (for the report of a failed test).</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(50));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans temp up later
        }
    }

    // Prometheus writes sample values as strings: "0.25", "NaN", "+Inf"
    private static double Number(JsonElement value) => value.GetString() switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var text => double.Parse(text!, CultureInfo.InvariantCulture),
    };

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
