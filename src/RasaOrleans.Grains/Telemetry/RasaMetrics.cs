using System.Diagnostics.Metrics;

namespace RasaOrleans.Grains.Telemetry;

/// <summary>
/// The <c>RasaOrleans</c> meter: conversation turns by outcome and their latency, NLU and policy latency,
/// predictions and fallbacks. One instance per process (a DI singleton); record into it from grains and services.
/// Bucket boundaries for the histograms are set where the exporter is configured (<see cref="LatencyBuckets"/>).
/// </summary>
public sealed class RasaMetrics : IDisposable
{
    /// <summary>Name of the meter, to enable in OpenTelemetry.</summary>
    public const string MeterName = "RasaOrleans";

    /// <summary>Tag: the bot a measurement belongs to.</summary>
    public const string BotTag = "rasa.bot";

    /// <summary>Tag: parse, continue, respond (the REST route), receive (a channel), execute, trigger_intent or reminder.</summary>
    public const string TurnKindTag = "rasa.turn.kind";

    /// <summary>Tag: how a turn ended (<see cref="TurnOutcomes"/>).</summary>
    public const string TurnOutcomeTag = "rasa.turn.outcome";

    private readonly Meter _meter;

    /// <summary>Creates the instruments on a meter owned by <paramref name="meterFactory"/>.</summary>
    public RasaMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(MeterName))
    {
    }

    private RasaMetrics(Meter meter)
    {
        _meter = meter;
        Turns = meter.CreateCounter<long>("rasa.turns", "{turn}",
            "Conversation turns (parse, continue, respond, receive, execute, trigger_intent, reminder) a conversation handled, by outcome; a repeated request answered from its stored reply is not counted again.");
        TurnLatency = meter.CreateHistogram<double>("rasa.turn.duration", "ms", "Time a conversation took to handle one turn, storage write included.");
        NluLatency = meter.CreateHistogram<double>("rasa.nlu.duration", "ms", "Time to parse one user message.");
        PolicyLatency = meter.CreateHistogram<double>("rasa.policy.duration", "ms", "Time to predict the next action.");
        Predictions = meter.CreateCounter<long>("rasa.predictions", "{prediction}", "Next-action predictions of the policy ensemble.");
        Fallbacks = meter.CreateCounter<long>("rasa.fallbacks", "{prediction}", "Predictions that ended in the fallback action.");
    }

    /// <summary>Turns; tagged <see cref="BotTag"/>, <see cref="TurnKindTag"/> and <see cref="TurnOutcomeTag"/>.</summary>
    public Counter<long> Turns { get; }

    /// <summary>Turn latency in milliseconds; tagged like <see cref="Turns"/>.</summary>
    public Histogram<double> TurnLatency { get; }

    /// <summary>
    /// NLU latency in milliseconds; tagged <see cref="BotTag"/> for a conversation's message, or <c>rasa.nlu.model</c>
    /// for the NLU routes (whose models are named, not bound to a bot), and <c>rasa.nlu.interpreter</c> (model, regex).
    /// </summary>
    public Histogram<double> NluLatency { get; }

    /// <summary>Policy ensemble latency in milliseconds; tagged <see cref="BotTag"/>.</summary>
    public Histogram<double> PolicyLatency { get; }

    /// <summary>Predictions of the policy ensemble; tagged <see cref="BotTag"/>.</summary>
    public Counter<long> Predictions { get; }

    /// <summary>Fallback predictions; tagged <see cref="BotTag"/>.</summary>
    public Counter<long> Fallbacks { get; }

    /// <summary>
    /// Histogram bucket boundaries (ms) for work that takes microseconds to a millisecond (NLU, policies): the
    /// exporter's defaults start at 5 ms, which would put every observation in the first bucket.
    /// </summary>
    public static IReadOnlyList<double> InferenceBuckets { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100];

    /// <summary>Histogram bucket boundaries (ms) for turns, grain calls and storage: 0.1 ms to 10 s.</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
        [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
