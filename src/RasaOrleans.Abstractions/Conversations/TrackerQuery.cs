namespace RasaOrleans.Abstractions.Conversations;

/// <summary>How to render a tracker: which events to include, and an optional point in time to rebuild it at.</summary>
[GenerateSerializer, Immutable, Alias("rasa.TrackerQuery")]
public sealed record TrackerQuery(
    [property: Id(0)] TrackerEvents Events,
    [property: Id(1)] double? Until);

/// <summary>Which events a tracker's JSON includes.</summary>
[GenerateSerializer, Alias("rasa.TrackerEvents")]
public enum TrackerEvents
{
    None = 0,
    AfterRestart = 1,
    All = 2,
    Applied = 3,
}
