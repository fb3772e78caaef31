namespace RasaOrleans.Grains.Telemetry;

/// <summary>The values of <see cref="RasaMetrics.TurnOutcomeTag"/>.</summary>
public static class TurnOutcomes
{
    /// <summary>Answered 2xx: the turn's events are stored.</summary>
    public const string Accepted = "accepted";

    /// <summary>Answered 4xx: a client mistake, nothing changed.</summary>
    public const string Refused = "refused";

    /// <summary>Not handled: no model loaded (503), or an exception (the storage write failed, a bug).</summary>
    public const string Failed = "failed";

    /// <summary>The outcome of a turn answered with <paramref name="status"/>.</summary>
    public static string ForStatus(int status) => status switch
    {
        >= 200 and < 300 => Accepted,
        >= 400 and < 500 => Refused,
        _ => Failed,
    };
}
