using RasaOrleans.Abstractions.Conversations;
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

    /// <summary>
    /// The id of the last request whose write was stored (<see cref="RequestIds"/>), with its answer: a request
    /// sent again with that id (a retry after a silo failed) gets the same answer instead of being applied twice.
    /// </summary>
    [Id(4)]
    public string? LastRequestId { get; set; }

    /// <summary>The status of the answer to <see cref="LastRequestId"/>.</summary>
    [Id(5)]
    public int LastStatus { get; set; }

    /// <summary>The JSON of the answer to <see cref="LastRequestId"/>.</summary>
    [Id(6)]
    public string? LastReply { get; set; }

    /// <summary>
    /// A new id with every write: after a write failed, reading the state back shows whether it committed anyway.
    /// </summary>
    [Id(7)]
    public string? WriteId { get; set; }

    /// <summary>
    /// The output channel of each pending reminder scheduled in a turn that had one (by reminder name; null when there
    /// is none): stored with the events that scheduled it, so the reminder's messages reach it after a restart too.
    /// </summary>
    [Id(8)]
    public Dictionary<string, OutputChannel>? ReminderChannels { get; set; }
}
