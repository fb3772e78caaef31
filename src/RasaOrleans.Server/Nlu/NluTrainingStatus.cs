namespace RasaOrleans.Server.Nlu;

/// <summary>How a <c>POST /train</c> job ended.</summary>
public enum NluTrainingStatus
{
    /// <summary>The model was trained, saved and registered.</summary>
    Trained,

    /// <summary>The data (or the settings) has a mistake; nothing was registered.</summary>
    InvalidData,

    /// <summary>As many jobs as allowed were already running; this one did not start.</summary>
    Busy,

    /// <summary>A job for a model of the same name is running.</summary>
    NameInUse,

    /// <summary>The job ran out of time and was abandoned; nothing was registered.</summary>
    TimedOut,
}
