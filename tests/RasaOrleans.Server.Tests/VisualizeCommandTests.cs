using System.Xml.Linq;
using RasaOrleans.Server.Cli;

namespace RasaOrleans.Server.Tests;

/// <summary><c>visualize</c>: the story graph written as a file a person opens.</summary>
public sealed class VisualizeCommandTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(["visualize", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Stories()
    {
        var path = Path.Combine(_dir.Path, "stories.md");
        File.WriteAllText(path, "## hi\n* greet\n  - utter_greet\n> asked\n\n## fine\n> asked\n* mood_great\n  - utter_happy\n");
        return path;
    }

    [Fact]
    public void Writes_an_svg_with_the_stories_nodes_and_edges()
    {
        var target = Path.Combine(_dir.Path, "graph.svg");

        var (code, output, _) = Run("--stories", Stories(), "--out", target);

        Assert.Equal(0, code);
        Assert.Contains("4 intents and actions and 5 transitions", output, StringComparison.Ordinal);
        var svg = XDocument.Load(target);
        Assert.Equal(["START", "END", "greet", "utter_greet", "mood_great", "utter_happy"],
            svg.Descendants(Svg + "g").Select(g => (string)g.Attribute("data-name")!));
        Assert.Equal(["START>greet", "greet>utter_greet", "mood_great>utter_happy", "utter_greet>mood_great", "utter_happy>END"],
            svg.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "edge")
                .Select(p => $"{(string)p.Attribute("data-from")!}>{(string)p.Attribute("data-to")!}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Writes_an_html_page_by_default_name()
    {
        var target = Path.Combine(_dir.Path, "graph.html");

        var (code, _, _) = Run("-s", Stories(), "-o", target);

        Assert.Equal(0, code);
        var html = File.ReadAllText(target);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("data-name=\"utter_happy\"", html, StringComparison.Ordinal);
        Assert.Contains("2 intents, 2 actions, 5 transitions", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_stories_exit_1_and_write_nothing()
    {
        var target = Path.Combine(_dir.Path, "graph.html");

        var (code, _, error) = Run("--stories", Path.Combine(_dir.Path, "nope.md"), "--out", target);

        Assert.Equal(1, code);
        Assert.Contains("nope.md", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void An_unknown_output_format_is_a_usage_error()
    {
        var (code, _, error) = Run("--stories", Stories(), "--out", Path.Combine(_dir.Path, "graph.png"));

        Assert.Equal(CommandLine.UsageError, code);
        Assert.Contains(".html or .svg", error, StringComparison.Ordinal);
    }
}
