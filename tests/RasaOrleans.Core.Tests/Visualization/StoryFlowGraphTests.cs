using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Visualization;

namespace RasaOrleans.Core.Tests.Visualization;

public sealed class StoryFlowGraphTests
{
    // Checkpoints: "check_mood" joins the greeting to two continuations; "loop" leads back to the greeting's
    // action; "dangling" is started by nothing, so the story ends there.
    private const string Stories = """
        ## greet
        * greet
          - utter_greet
        > check_mood

        ## happy
        > check_mood
        * mood_great
          - utter_happy

        ## sad
        > check_mood
        * mood_unhappy
          - utter_cheer_up
        > loop

        ## again
        > loop
        * greet{"name": "Ada"}
          - utter_greet

        ## bye
        * goodbye
          - utter_goodbye
        > dangling
        """;

    private static (List<string> Nodes, List<string> Edges) Read(string stories)
    {
        var graph = StoryFlowGraph.Build(StoryReader.ReadMarkdown(stories));
        string Name(int id) => graph.Nodes[id].Kind switch
        {
            StoryFlowNodeKind.Intent => "*" + graph.Nodes[id].Name,
            _ => graph.Nodes[id].Name,
        };

        return ([.. graph.Nodes.Select(n => Name(n.Id))], [.. graph.Edges.Select(e => $"{Name(e.From)} -> {Name(e.To)}").Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public void Nodes_are_the_intents_and_actions_once_each_with_start_and_end()
    {
        var (nodes, _) = Read(Stories);

        Assert.Equal(
            ["START", "END", "*greet", "utter_greet", "*mood_great", "utter_happy", "*mood_unhappy", "utter_cheer_up", "*goodbye", "utter_goodbye"],
            nodes);
    }

    [Fact]
    public void Edges_follow_the_stories_through_their_checkpoints()
    {
        var (_, edges) = Read(Stories);

        Assert.Equal(
            new[]
            {
                "START -> *greet", "*greet -> utter_greet",
                "utter_greet -> *mood_great", "utter_greet -> *mood_unhappy",        // > check_mood
                "*mood_great -> utter_happy", "utter_happy -> END",
                "*mood_unhappy -> utter_cheer_up", "utter_cheer_up -> *greet", "utter_greet -> END", // > loop, then "again" ends
                "START -> *goodbye", "*goodbye -> utter_goodbye", "utter_goodbye -> END", // > dangling ends the story
            }.Order(StringComparer.Ordinal),
            edges);
    }

    [Fact]
    public void The_svg_draws_every_node_and_edge_and_escapes_names()
    {
        var graph = StoryFlowGraph.Build(StoryReader.ReadMarkdown("## s\n* greet\n  - utter_a<b>&c\n"));

        var svg = StoryFlowSvg.Render(graph);

        var document = System.Xml.Linq.XDocument.Parse(svg); // well-formed
        var ns = (System.Xml.Linq.XNamespace)"http://www.w3.org/2000/svg";
        Assert.Equal(["START", "END", "greet", "utter_a<b>&c"], document.Descendants(ns + "g").Select(g => (string)g.Attribute("data-name")!));
        Assert.Equal(
            ["START>greet", "greet>utter_a<b>&c", "utter_a<b>&c>END"],
            document.Descendants(ns + "path").Where(p => (string?)p.Attribute("class") == "edge")
                .Select(p => $"{(string)p.Attribute("data-from")!}>{(string)p.Attribute("data-to")!}"));
    }
}
