namespace RasaOrleans.Integration.Tests.Processes;

/// <summary>
/// The tests that start server processes: they run alone, after the other tests, so the silos' failure detection
/// and the timings they measure are not starved of CPU by in-process clusters running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection
{
    public const string Name = "server processes";
}
