using RasaOrleans.Grains;
using RasaOrleans.Grains.Conversations;

namespace RasaOrleans.Integration.Tests;

/// <summary>
/// Test-only grain that keeps a <see cref="ConversationState"/> in the <c>conversations</c> storage, as the
/// conversation grain does. Placed on the silo that calls it, so a test knows which silo holds the activation.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed class StorageProbeGrain(
    [PersistentState("tracker", StorageNames.Conversations)] IPersistentState<ConversationState> state,
    ILocalSiloDetails silo) : Grain, IStorageProbeGrain
{
    public async Task AppendAsync(string eventJson)
    {
        state.State.Events.Add(eventJson);
        state.State.Exists = true;
        await state.WriteStateAsync();
    }

    public Task<ProbeSnapshot> ReadAsync() =>
        Task.FromResult(new ProbeSnapshot([.. state.State.Events], silo.SiloAddress.ToString(), state.Etag));
}
