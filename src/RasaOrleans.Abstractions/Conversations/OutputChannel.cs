namespace RasaOrleans.Abstractions.Conversations;

/// <summary>
/// The output channel of a turn: where the messages of a reminder scheduled in that turn go when it fires (Rasa sends
/// them to the output channel of the message during which the reminder was scheduled).
/// </summary>
[GenerateSerializer, Alias("rasa.OutputChannel")]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<OutputChannel>))]
public enum OutputChannel
{
    /// <summary>No channel reads them later (the REST webhook, the conversation routes): they stay in the tracker.</summary>
    None = 0,

    /// <summary>The callback channel: each message is POSTed to the callback url of the credentials file.</summary>
    Callback = 1,
}
