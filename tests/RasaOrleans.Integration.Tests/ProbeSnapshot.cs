namespace RasaOrleans.Integration.Tests;

/// <summary>What <see cref="IStorageProbeGrain.ReadAsync"/> saw: the events, the silo and the storage ETag.</summary>
[GenerateSerializer, Immutable, Alias("rasa.test.ProbeSnapshot")]
public sealed record ProbeSnapshot(
    [property: Id(0)] string[] Events,
    [property: Id(1)] string Silo,
    [property: Id(2)] string? Etag);
