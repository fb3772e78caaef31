using System.Globalization;
using System.Security;
using System.Text;

namespace RasaOrleans.Core.Visualization;

/// <summary>
/// Draws a <see cref="StoryFlowGraph"/> top to bottom as a self-contained SVG: nodes in layers (a node sits
/// below everything that leads to it, cycles aside), ordered within a layer to keep edges short, intents as
/// rounded boxes, actions as boxes, loops back up as dashed curves. Every node carries <c>data-kind</c> and
/// <c>data-name</c>, every edge <c>data-from</c> and <c>data-to</c> (node names), for tools and tests.
/// </summary>
public static class StoryFlowSvg
{
    private const double CharWidth = 7.4;
    private const double NodeHeight = 28;
    private const double LayerGap = 72;
    private const double NodeGap = 24;
    private const double Margin = 30;

    /// <summary>The SVG document of <paramref name="graph"/>.</summary>
    public static string Render(StoryFlowGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = graph.Nodes;
        var back = BackEdges(graph);
        var layer = Layers(graph, back);
        var rows = Order(graph, back, layer);
        var width = new double[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            width[i] = Math.Max(56, 22 + nodes[i].Name.Length * CharWidth);
        }

        var rowWidths = rows.Select(r => r.Sum(n => width[n]) + NodeGap * Math.Max(0, r.Count - 1)).ToList();
        var total = rowWidths.DefaultIfEmpty(0).Max() + 2 * Margin + 60; // room on the right for loops
        var x = new double[nodes.Count];
        var y = new double[nodes.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var left = Margin + (total - 60 - 2 * Margin - rowWidths[r]) / 2;
            foreach (var n in rows[r])
            {
                x[n] = left + width[n] / 2;
                y[n] = Margin + r * LayerGap + NodeHeight / 2;
                left += width[n] + NodeGap;
            }
        }

        var height = 2 * Margin + Math.Max(0, rows.Count - 1) * LayerGap + NodeHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(total)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(total)} {F(height)}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">" +
            "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{F(total)}\" height=\"{F(height)}\" fill=\"white\"/>\n");
        foreach (var edge in graph.Edges)
        {
            var (from, to) = (edge.From, edge.To);
            string path;
            var isBack = back.Contains((from, to));
            if (from == to)
            {
                var right = x[from] + width[from] / 2;
                path = $"M{F(right)},{F(y[from] - 6)} C{F(right + 40)},{F(y[from] - 26)} {F(right + 40)},{F(y[from] + 26)} {F(right)},{F(y[from] + 6)}";
            }
            else if (isBack)
            {
                var (x1, y1, x2, y2) = (x[from] + width[from] / 2, y[from], x[to] + width[to] / 2, y[to]);
                var bulge = Math.Max(x1, x2) + 40 + Math.Abs(y1 - y2) / 8;
                path = $"M{F(x1)},{F(y1)} C{F(bulge)},{F(y1)} {F(bulge)},{F(y2)} {F(x2)},{F(y2)}";
            }
            else
            {
                var (y1, y2) = (y[from] + NodeHeight / 2, y[to] - NodeHeight / 2);
                var mid = (y1 + y2) / 2;
                path = $"M{F(x[from])},{F(y1)} C{F(x[from])},{F(mid)} {F(x[to])},{F(mid)} {F(x[to])},{F(y2)}";
            }

            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"edge\" data-from=\"{Escape(nodes[from].Name)}\" data-to=\"{Escape(nodes[to].Name)}\" d=\"{path}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\"{(isBack || from == to ? " stroke-dasharray=\"5,3\"" : "")} marker-end=\"url(#arrow)\"/>\n");
        }

        foreach (var node in nodes)
        {
            var (fill, stroke, radius) = node.Kind switch
            {
                StoryFlowNodeKind.Intent => ("#dbeafe", "#2563eb", 12.0),
                StoryFlowNodeKind.Action => ("#fef3c7", "#b45309", 3.0),
                _ => ("#e5e7eb", "#374151", NodeHeight / 2),
            };
            var kind = node.Kind.ToString().ToLowerInvariant();
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"node {kind}\" data-kind=\"{kind}\" data-name=\"{Escape(node.Name)}\">" +
                $"<rect x=\"{F(x[node.Id] - width[node.Id] / 2)}\" y=\"{F(y[node.Id] - NodeHeight / 2)}\" width=\"{F(width[node.Id])}\" height=\"{F(NodeHeight)}\" rx=\"{F(radius)}\" fill=\"{fill}\" stroke=\"{stroke}\"/>" +
                $"<text x=\"{F(x[node.Id])}\" y=\"{F(y[node.Id] + 4)}\" text-anchor=\"middle\"{(node.Kind == StoryFlowNodeKind.Intent ? " font-style=\"italic\"" : "")}>{Escape(node.Name)}</text></g>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Edges that close a cycle (found by a depth-first walk from the start): drawn as loops, ignored for layering.</summary>
    private static HashSet<(int, int)> BackEdges(StoryFlowGraph graph)
    {
        var outgoing = Outgoing(graph);
        var state = new int[graph.Nodes.Count]; // 0 new, 1 on the stack, 2 done
        var back = new HashSet<(int, int)>();
        foreach (var root in Enumerable.Range(0, graph.Nodes.Count).Where(n => n != StoryFlowGraph.EndId).Prepend(StoryFlowGraph.StartId))
        {
            if (state[root] != 0)
            {
                continue;
            }

            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < outgoing[node].Count)
                {
                    stack.Push((node, next + 1));
                    var to = outgoing[node][next];
                    if (state[to] == 1)
                    {
                        back.Add((node, to));
                    }
                    else if (state[to] == 0)
                    {
                        state[to] = 1;
                        stack.Push((to, 0));
                    }
                }
                else
                {
                    state[node] = 2;
                }
            }
        }

        return back;
    }

    /// <summary>Longest path from the start over the forward edges; the end goes below everything.</summary>
    private static int[] Layers(StoryFlowGraph graph, HashSet<(int, int)> back)
    {
        var n = graph.Nodes.Count;
        var forward = graph.Edges.Where(e => !back.Contains((e.From, e.To)) && e.From != e.To).ToList();
        var indegree = new int[n];
        forward.ForEach(e => indegree[e.To]++);
        var layer = new int[n];
        var ready = new Queue<int>(Enumerable.Range(0, n).Where(i => indegree[i] == 0));
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            foreach (var e in forward.Where(e => e.From == node))
            {
                layer[e.To] = Math.Max(layer[e.To], layer[node] + 1);
                if (--indegree[e.To] == 0)
                {
                    ready.Enqueue(e.To);
                }
            }
        }

        layer[StoryFlowGraph.EndId] = Enumerable.Range(0, n).Where(i => i != StoryFlowGraph.EndId).Select(i => layer[i]).DefaultIfEmpty(0).Max() + 1;
        return layer;
    }

    /// <summary>Rows of node ids; within a row, sorted by the mean position of their parents (a few sweeps).</summary>
    private static List<List<int>> Order(StoryFlowGraph graph, HashSet<(int, int)> back, int[] layer)
    {
        var rows = Enumerable.Range(0, layer.Max() + 1).Select(_ => new List<int>()).ToList();
        for (var i = 0; i < layer.Length; i++)
        {
            rows[layer[i]].Add(i);
        }

        rows.RemoveAll(r => r.Count == 0);
        var forward = graph.Edges.Where(e => !back.Contains((e.From, e.To)) && e.From != e.To).ToList();
        var position = new double[layer.Length];
        for (var sweep = 0; sweep < 4; sweep++)
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Count; i++)
                {
                    position[row[i]] = i;
                }
            }

            var downward = sweep % 2 == 0;
            foreach (var row in downward ? rows.Skip(1) : Enumerable.Reverse(rows).Skip(1))
            {
                var key = row.ToDictionary(n => n, n =>
                {
                    var neighbours = downward
                        ? forward.Where(e => e.To == n).Select(e => position[e.From]).ToList()
                        : forward.Where(e => e.From == n).Select(e => position[e.To]).ToList();
                    return neighbours.Count == 0 ? position[n] : neighbours.Average();
                });
                row.Sort((a, b) => key[a] != key[b] ? key[a].CompareTo(key[b]) : a.CompareTo(b));
                for (var i = 0; i < row.Count; i++)
                {
                    position[row[i]] = i;
                }
            }
        }

        return rows;
    }

    private static List<int>[] Outgoing(StoryFlowGraph graph)
    {
        var outgoing = Enumerable.Range(0, graph.Nodes.Count).Select(_ => new List<int>()).ToArray();
        foreach (var e in graph.Edges)
        {
            outgoing[e.From].Add(e.To);
        }

        return outgoing;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
