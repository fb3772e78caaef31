using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Visualization;

/// <summary>
/// The stories as one graph, like <c>rasa visualize</c>: a node per intent and per action (plus the start and
/// the end of a conversation), an edge wherever one follows the other in a story. Checkpoints are resolved: the
/// last turn before <c>&gt; x</c> is joined to the first turn of every step that starts at <c>x</c>; a
/// checkpoint no step starts at ends the conversation there.
/// </summary>
public sealed class StoryFlowGraph
{
    private StoryFlowGraph(IReadOnlyList<StoryFlowNode> nodes, IReadOnlyList<StoryFlowEdge> edges)
    {
        Nodes = nodes;
        Edges = edges;
    }

    /// <summary>Id of the start node (always the first).</summary>
    public const int StartId = 0;

    /// <summary>Id of the end node (always the second).</summary>
    public const int EndId = 1;

    /// <summary>The nodes, the start and end first, then in the order the stories first use them.</summary>
    public IReadOnlyList<StoryFlowNode> Nodes { get; }

    /// <summary>The edges, each once.</summary>
    public IReadOnlyList<StoryFlowEdge> Edges { get; }

    /// <summary>Builds the graph of <paramref name="stories"/>.</summary>
    public static StoryFlowGraph Build(StoryGraph stories)
    {
        ArgumentNullException.ThrowIfNull(stories);
        var keys = new List<(StoryFlowNodeKind Kind, string Name)> { (StoryFlowNodeKind.Start, "START"), (StoryFlowNodeKind.End, "END") };
        var ids = new Dictionary<(StoryFlowNodeKind, string), int> { [keys[0]] = StartId, [keys[1]] = EndId };
        var checkpoints = new Dictionary<string, int>(StringComparer.Ordinal); // pseudo-nodes, contracted below
        var edges = new List<(int From, int To)>();
        var seen = new HashSet<(int, int)>();

        int Node(StoryFlowNodeKind kind, string name)
        {
            if (!ids.TryGetValue((kind, name), out var id))
            {
                id = keys.Count;
                keys.Add((kind, name));
                ids[(kind, name)] = id;
            }

            return id;
        }

        int CheckpointNode(string name)
        {
            if (!checkpoints.TryGetValue(name, out var id))
            {
                id = -1 - checkpoints.Count;
                checkpoints[name] = id;
            }

            return id;
        }

        void Edge(int from, int to)
        {
            if (seen.Add((from, to)))
            {
                edges.Add((from, to));
            }
        }

        foreach (var step in stories.Steps)
        {
            List<int> previous = [.. step.StartCheckpoints.Where(c => c.Name != Checkpoint.StoryStart).Select(c => CheckpointNode(c.Name))];
            if (step.StartsAtConversationStart)
            {
                previous.Add(StartId);
            }

            foreach (var e in step.Events)
            {
                int? node = e switch
                {
                    UserUttered u when u.ParseData["intent"]?["name"]?.GetValue<string>() is { Length: > 0 } intent => Node(StoryFlowNodeKind.Intent, intent),
                    ActionExecuted a when a.Name != DomainSpec.ActionListen => Node(StoryFlowNodeKind.Action, a.Name),
                    _ => null,
                };
                if (node is { } id)
                {
                    previous.ForEach(p => Edge(p, id));
                    previous = [id];
                }
            }

            var next = step.EndCheckpoints.Count == 0 ? [EndId] : step.EndCheckpoints.Select(c => CheckpointNode(c.Name)).ToList();
            previous.ForEach(p => next.ForEach(n => Edge(p, n)));
        }

        // Resolve each checkpoint: join what leads into it to what it leads to (to the end when nothing starts there).
        foreach (var checkpoint in checkpoints.Values)
        {
            var into = edges.Where(e => e.To == checkpoint && e.From != checkpoint).Select(e => e.From).ToList();
            var outOf = edges.Where(e => e.From == checkpoint && e.To != checkpoint).Select(e => e.To).ToList();
            edges.RemoveAll(e => e.From == checkpoint || e.To == checkpoint);
            foreach (var from in into)
            {
                foreach (var to in outOf.Count == 0 ? [EndId] : outOf)
                {
                    if (seen.Add((from, to)))
                    {
                        edges.Add((from, to));
                    }
                }
            }
        }

        edges.RemoveAll(e => e.From == StartId && e.To == EndId);
        return new StoryFlowGraph(
            [.. keys.Select((k, i) => new StoryFlowNode(i, k.Kind, k.Name))],
            [.. edges.Select(e => new StoryFlowEdge(e.From, e.To))]);
    }
}
