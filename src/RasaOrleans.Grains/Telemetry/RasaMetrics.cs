using System.Diagnostics.Metrics;

namespace RasaOrleans.Grains.Telemetry;

/// <summary>
/// The <c>RasaOrleans</c> meter: conversation turns, NLU and policy latency, fallbacks. One instance per
/// process (a DI singleton); record into it from grains and services.
/// </summary>
public sealed class RasaMetrics : IDisposable
{
    /// <summary>Name of the meter, to enable in OpenTelemetry.</summary>
    public const string MeterName = "RasaOrleans";

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter owned by <paramref name="meterFactory"/>.</summary>
    public RasaMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(MeterName))
    {
    }

    private RasaMetrics(Meter meter)
    {
        _meter = meter;
        Turns = meter.CreateCounter<long>("rasa.turns", "{turn}", "Conversation turns processed (parse or continue).");
        NluLatency = meter.CreateHistogram<double>("rasa.nlu.duration", "ms", "Time to parse one user message.");
        PolicyLatency = meter.CreateHistogram<double>("rasa.policy.duration", "ms", "Time to predict the next action.");
        Fallbacks = meter.CreateCounter<long>("rasa.fallbacks", "{prediction}", "Predictions that ended in the fallback action.");
    }

    /// <summary>Turns processed; tag with <c>rasa.bot</c> and <c>rasa.turn.kind</c> (parse, continue).</summary>
    public Counter<long> Turns { get; }

    /// <summary>NLU latency in milliseconds.</summary>
    public Histogram<double> NluLatency { get; }

    /// <summary>Policy ensemble latency in milliseconds.</summary>
    public Histogram<double> PolicyLatency { get; }

    /// <summary>Fallback predictions.</summary>
    public Counter<long> Fallbacks { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
