namespace RasaOrleans.Core.Events;

/// <summary>Asks the server to export the conversation as a story; recorded only.</summary>
public sealed record StoryExported(string? Path) : Event
{
    public const string Type = "export";

    public override string TypeName => Type;
}
