namespace RasaOrleans.Core.Tracking;

/// <summary>Which events a tracker's JSON includes (later Rasa's <c>include_events</c>).</summary>
public enum EventVerbosity
{
    /// <summary><c>"events": null</c>.</summary>
    None,

    /// <summary>Events after the latest <c>restart</c> (the restart itself excluded); Rasa's default.</summary>
    AfterRestart,

    /// <summary>Every stored event.</summary>
    All,

    /// <summary>Only the events that still take effect after restarts, undos and rewinds.</summary>
    Applied,
}
