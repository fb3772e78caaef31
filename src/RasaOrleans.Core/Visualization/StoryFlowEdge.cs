namespace RasaOrleans.Core.Visualization;

/// <summary>"<paramref name="From"/> can be followed by <paramref name="To"/>" in some story (node ids).</summary>
public sealed record StoryFlowEdge(int From, int To);
