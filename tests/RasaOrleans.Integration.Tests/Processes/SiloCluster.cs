using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RasaOrleans.Integration.Tests.Processes;

/// <summary>
/// Server processes forming one Orleans cluster on one PostgreSQL database: a cluster id and service id of their
/// own (unique per test), all serving the same start-up model. Disposing kills every process still running.
/// </summary>
public sealed class SiloCluster(string connectionString, string modelDirectory) : IAsyncDisposable
{
    /// <summary>How long a silo may take to be ready; several start at once on a small machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _timeline = new();
    private ImmutableList<SiloProcess> _silos = [];

    /// <summary>A short id unique to this cluster, also handy as a prefix for conversation ids.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..10];

    public string ClusterId => $"proc-{RunId}";

    public string ServiceId => $"rasa-proc-{RunId}";

    /// <summary>Every silo started so far, in start order (also those since stopped).</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The silos the test has not killed or terminated.</summary>
    public IReadOnlyList<SiloProcess> Running => [.. _silos.Where(s => !s.IsStopped)];

    /// <summary>Starts <paramref name="count"/> silos at once and waits until every one is ready.</summary>
    public async Task<IReadOnlyList<SiloProcess>> StartSilosAsync(int count)
    {
        var started = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
        {
            var silo = SiloProcess.Start($"silo{_silos.Count}", connectionString, ClusterId, ServiceId, modelDirectory);
            ImmutableInterlocked.Update(ref _silos, list => list.Add(silo));
            started.Add(silo);
        }

        var launchedAt = _clock.Elapsed;
        await Task.WhenAll(started.Select(s => s.WaitUntilReadyAsync(StartTimeout)));
        Note($"{string.Join(", ", started.Select(s => s.Name))} ready {(_clock.Elapsed - launchedAt).TotalSeconds:0.0} s after launch");
        return started;
    }

    /// <summary>What happened to the cluster, with the seconds since it was created.</summary>
    public string Timeline => string.Join('\n', _timeline);

    /// <summary>Adds a line to <see cref="Timeline"/>.</summary>
    public void Note(string line) =>
        _timeline.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds,6:0.0} s {line}"));

    /// <summary>Every silo's kept output, for the report of a failed test.</summary>
    public string Output()
    {
        var text = new StringBuilder();
        foreach (var silo in _silos)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"===== {silo.Name} (http {silo.HttpPort}, pid {silo.ProcessId}{(silo.HasExited ? ", exited" : "")}) =====\n");
            text.Append(silo.Output()).Append('\n');
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
    }
}
