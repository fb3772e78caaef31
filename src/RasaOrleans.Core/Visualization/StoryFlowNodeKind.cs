namespace RasaOrleans.Core.Visualization;

/// <summary>What a node of the story graph stands for.</summary>
public enum StoryFlowNodeKind
{
    /// <summary>The beginning of a conversation.</summary>
    Start,

    /// <summary>Where stories end.</summary>
    End,

    /// <summary>A user message, named by its intent.</summary>
    Intent,

    /// <summary>A bot action.</summary>
    Action,
}
