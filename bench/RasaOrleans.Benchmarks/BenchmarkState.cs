using System.Diagnostics.CodeAnalysis;

namespace RasaOrleans.Benchmarks;

/// <summary>The state envelope Orleans passes to a storage provider.</summary>
internal sealed class BenchmarkState<T>(T state) : IGrainState<T>
{
    [AllowNull]
    public T State { get; set; } = state;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
