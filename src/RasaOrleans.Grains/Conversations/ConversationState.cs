using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Grains.Conversations;

/// <summary>The persisted tracker of one conversation: its event log plus a few scalar fields.</summary>
[GenerateSerializer, Alias("rasa.ConversationState")]
public sealed class ConversationState : IEventLogState
{
    /// <inheritdoc />
    [Id(0)]
    public List<string> Events { get; set; } = [];

    /// <inheritdoc />
    [Id(1)]
    public long Generation { get; set; }

    /// <summary>The bot this conversation belongs to.</summary>
    [Id(2)]
    public string BotId { get; set; } = "default";

    /// <summary>True once the conversation has been created by a request.</summary>
    [Id(3)]
    public bool Exists { get; set; }
}
