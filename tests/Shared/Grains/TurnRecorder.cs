using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Testing;

/// <summary>
/// Records what one server or silo counts on <c>rasa.turns</c> as "kind outcome" strings. Only its meter is
/// listened to, so servers and silos of tests running beside it do not add to the record. (Linked into the test
/// projects that reference the grains: tests/Shared/*.cs is also compiled where they are not.)
/// </summary>
public sealed class TurnRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _turns = new();

    public TurnRecorder(IServiceProvider services)
    {
        var turns = services.GetRequiredService<RasaMetrics>().Turns;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument, turns))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string kind = "", outcome = "";
            foreach (var tag in tags)
            {
                if (tag.Key == RasaMetrics.TurnKindTag)
                {
                    kind = tag.Value?.ToString() ?? "";
                }
                else if (tag.Key == RasaMetrics.TurnOutcomeTag)
                {
                    outcome = tag.Value?.ToString() ?? "";
                }
            }

            for (var i = 0; i < value; i++)
            {
                _turns.Enqueue($"{kind} {outcome}");
            }
        });
        _listener.Start();
    }

    /// <summary>The turns counted so far, in order.</summary>
    public IReadOnlyList<string> Turns => [.. _turns];

    public void Dispose() => _listener.Dispose();
}
