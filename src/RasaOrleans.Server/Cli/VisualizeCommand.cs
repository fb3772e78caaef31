using System.CommandLine;
using RasaOrleans.Core;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Visualization;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// <c>visualize --stories PATH [--out graph.html]</c>: draws the story graph (intents and actions as nodes, the
/// stories' transitions as edges, checkpoints resolved) into an HTML page or, for an <c>.svg</c> name, an SVG file,
/// like <c>rasa visualize</c>. Exit codes: 0 written, 1 a mistake in the stories, 2 a bad command line.
/// </summary>
public static class VisualizeCommand
{
    /// <summary>The <c>visualize</c> command and its options.</summary>
    internal static Command Create()
    {
        var stories = new Option<string>("--stories", "-s") { Description = "stories: a Markdown or YAML file, or a folder of them", HelpName = "PATH", Required = true };
        var output = new Option<string>("--out", "-o")
        {
            Description = "the file to write: .html (a page) or .svg (the drawing alone)",
            HelpName = "FILE",
            DefaultValueFactory = _ => "graph.html",
        };
        output.Validators.Add(result =>
        {
            var extension = Path.GetExtension(result.GetValueOrDefault<string>()).ToLowerInvariant();
            if (extension is not (".html" or ".htm" or ".svg"))
            {
                result.AddError($"--out: '{result.GetValueOrDefault<string>()}' must end in .html or .svg");
            }
        });
        var command = new Command("visualize", "Draw the story graph (intents, actions, checkpoints resolved) as an HTML page or an SVG file.")
        {
            stories, output,
        };
        command.SetAction(parsed =>
        {
            var (path, target) = (parsed.GetRequiredValue(stories), parsed.GetRequiredValue(output));
            try
            {
                var graph = StoryFlowGraph.Build(StoryReader.Read(TrainCommand.RequirePath(path, "--stories")));
                var svg = Path.GetExtension(target).Equals(".svg", StringComparison.OrdinalIgnoreCase);
                File.WriteAllText(target, svg ? StoryFlowSvg.Render(graph) : StoryFlowHtml.Render(graph, path));
                parsed.InvocationConfiguration.Output.WriteLine(
                    $"Wrote the graph of {graph.Nodes.Count - 2} intents and actions and {graph.Edges.Count} transitions to {Path.GetFullPath(target)}.");
                return 0;
            }
            catch (RasaFormatException e)
            {
                parsed.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
