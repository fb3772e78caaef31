namespace RasaOrleans.Core.Visualization;

/// <summary>One node of the story graph: the start, the end, an intent or an action (one node per name).</summary>
public sealed record StoryFlowNode(int Id, StoryFlowNodeKind Kind, string Name);
