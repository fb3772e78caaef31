using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Grains.Conversations;

/// <summary>The conversation ids of one bot, in the order they were first stored; append-only.</summary>
[GenerateSerializer, Alias("rasa.ConversationDirectoryState")]
public sealed class ConversationDirectoryState : IEventLogState
{
    /// <summary>The conversation ids (stored like an event log, so adding one writes one row).</summary>
    [Id(0)]
    public List<string> Events { get; set; } = [];

    [Id(1)]
    public long Generation { get; set; }
}
