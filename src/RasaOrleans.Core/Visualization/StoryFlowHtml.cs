using System.Security;

namespace RasaOrleans.Core.Visualization;

/// <summary>A <see cref="StoryFlowGraph"/> as a standalone HTML page: a title, a legend and the SVG drawing.</summary>
public static class StoryFlowHtml
{
    /// <summary>The page; <paramref name="source"/> names the stories it was drawn from.</summary>
    public static string Render(StoryFlowGraph graph, string source)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var intents = graph.Nodes.Count(n => n.Kind == StoryFlowNodeKind.Intent);
        var actions = graph.Nodes.Count(n => n.Kind == StoryFlowNodeKind.Action);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Story graph: {{Escape(source)}}</title>
            <style>
              body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #111827; }
              .legend span { display: inline-block; padding: 2px 10px; margin-right: 8px; border: 1px solid; }
              .legend .intent { background: #dbeafe; border-color: #2563eb; border-radius: 10px; font-style: italic; }
              .legend .action { background: #fef3c7; border-color: #b45309; border-radius: 3px; }
              .graph { overflow: auto; }
            </style>
            </head>
            <body>
            <h1>Story graph</h1>
            <p>{{Escape(source)}}: {{intents}} intents, {{actions}} actions, {{graph.Edges.Count}} transitions. Dashed edges go back up (loops).</p>
            <p class="legend"><span class="intent">intent</span><span class="action">action</span></p>
            <div class="graph">
            {{StoryFlowSvg.Render(graph)}}</div>
            </body>
            </html>

            """;
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
