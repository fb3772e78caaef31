namespace RasaOrleans.Core.Events;

/// <summary>
/// One entry of a conversation's event log (spec §7). Every event has a type name (<c>"event"</c> in JSON)
/// and a timestamp in seconds since the epoch.
/// </summary>
public abstract record Event
{
    /// <summary>Seconds since the Unix epoch.</summary>
    public double Timestamp { get; init; }

    /// <summary>The value of the JSON <c>event</c> key.</summary>
    public abstract string TypeName { get; }
}
