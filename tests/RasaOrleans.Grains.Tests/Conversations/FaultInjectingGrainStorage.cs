using Orleans.Storage;

using System.Collections.Concurrent;

namespace RasaOrleans.Grains.Tests.Conversations;

/// <summary>Wraps a grain storage and fails the writes of chosen grains, to test that failures change nothing.</summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public static ConcurrentDictionary<string, bool> FailingKeys { get; } = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        FailingKeys.ContainsKey(grainId.Key.ToString()!)
            ? throw new IOException($"injected storage failure for {grainId}")
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
