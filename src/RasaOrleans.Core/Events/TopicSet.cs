namespace RasaOrleans.Core.Events;

/// <summary>Pushes a topic (0.9 and older); a no-op from 0.10.</summary>
public sealed record TopicSet(string? Topic) : Event
{
    public const string Type = "topic";

    public override string TypeName => Type;
}
