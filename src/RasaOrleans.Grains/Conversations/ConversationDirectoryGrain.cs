using RasaOrleans.Abstractions.Conversations;

namespace RasaOrleans.Grains.Conversations;

/// <summary>Remembers which conversations a bot has, for <c>GET /conversations</c>.</summary>
public sealed class ConversationDirectoryGrain(
    [PersistentState("directory", StorageNames.Conversations)] IPersistentState<ConversationDirectoryState> state)
    : Grain, IConversationDirectoryGrain
{
    private HashSet<string>? _known;

    public async Task AddAsync(string conversationId)
    {
        _known ??= [.. state.State.Events];
        if (_known.Add(conversationId))
        {
            state.State.Events.Add(conversationId);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Events.RemoveAt(state.State.Events.Count - 1);
                _known.Remove(conversationId);
                throw;
            }
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Events]);
}
