namespace RasaOrleans.Grains.Tests.Storage;

/// <summary>What Orleans hands a storage provider: the state, its ETag and whether a record exists.</summary>
public sealed class StateBox<T>(T state, string? etag = null) : IGrainState<T>
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = state;

    public string? ETag { get; set; } = etag;

    public bool RecordExists { get; set; }
}
