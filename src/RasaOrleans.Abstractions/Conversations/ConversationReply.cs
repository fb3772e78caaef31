namespace RasaOrleans.Abstractions.Conversations;

/// <summary>
/// What a conversation call answers: an HTTP-style status (200, or 4xx for a client mistake, which leaves the
/// conversation unchanged) and the JSON body in Rasa's shape.
/// </summary>
[GenerateSerializer, Immutable, Alias("rasa.ConversationReply")]
public sealed record ConversationReply([property: Id(0)] int Status, [property: Id(1)] string Json)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
