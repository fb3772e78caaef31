using RasaOrleans.Inference.Models;
using RasaOrleans.Server.Cli;

namespace RasaOrleans.Server.Tests;

/// <summary>The <c>train</c> command as a user runs it: arguments in, a model directory or a precise error out.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(["train", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Trains_a_model_directory_with_a_manifest_and_reports_progress()
    {
        var domain = Write("domain.yml", "intents: [greet]\ntemplates:\n  utter_greet: [\"hi\"]\nactions: [utter_greet]\n");
        var stories = Write("stories.md", "## s\n* greet\n  - utter_greet\n");
        var output = Path.Combine(_dir.Path, "model");

        var (code, progress, _) = Run("--domain", domain, "--stories", stories, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("story blocks", progress, StringComparison.Ordinal);
        Assert.Contains("Wrote model to", progress, StringComparison.Ordinal);
        var model = DialogueModelLoader.Load(output);
        Assert.Equal(["AugmentedMemoizationPolicy", "MlPolicy", "FallbackPolicy"], model.Manifest.Policies);
    }

    [Fact]
    public void Long_fits_report_their_iterations_and_loss_as_plain_lines_when_output_is_not_a_terminal()
    {
        var domain = Write("domain.yml", "intents: [greet, bye]\nentities: [name]\ntemplates:\n  utter_greet: [\"hi\"]\n  utter_bye: [\"bye\"]\nactions: [utter_greet, utter_bye]\n");
        var stories = Write("stories.md", "## s\n* greet\n  - utter_greet\n* bye\n  - utter_bye\n");
        var nlu = Write("nlu.md", "## intent:greet\n- hi\n- hello [Ada](name)\n- hey there\n- hi I am [Grace](name)\n\n" +
            "## intent:bye\n- bye\n- goodbye\n- see you\n- bye [Ada](name)\n");

        var (code, progress, _) = Run("--domain", domain, "--stories", stories, "--nlu", nlu, "--out", Path.Combine(_dir.Path, "model"));

        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^  MlPolicy fit: [1-9][0-9]* iterations, loss [0-9]+\.[0-9]{6}\r?$", progress);
        Assert.Matches(@"(?m)^  intent classifier fit: [1-9][0-9]* iterations, loss [0-9]+\.[0-9]{6}\r?$", progress);
        Assert.Matches(@"(?m)^  entity CRF fit: [1-9][0-9]* iterations, loss [0-9]+\.[0-9]{6}\r?$", progress);
        Assert.DoesNotContain("\r ", progress, StringComparison.Ordinal); // no in-place rewriting in a file
    }

    [Fact]
    public void A_mistake_in_the_domain_names_file_and_line_exits_1_and_writes_nothing()
    {
        var domain = Write("domain.yml", "intents: [greet]\nslots:\n  cuisine:\n    type: colour\nactions: [utter_greet]\n");
        var stories = Write("stories.md", "## s\n* greet\n  - utter_greet\n");
        var output = Path.Combine(_dir.Path, "model");

        var (code, _, error) = Run("--domain", domain, "--stories", stories, "--out", output);

        Assert.Equal(1, code);
        Assert.Contains($"{domain}:4", error, StringComparison.Ordinal);
        Assert.Contains("colour", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_story_using_an_action_the_domain_lacks_names_the_story_file_and_line()
    {
        var domain = Write("domain.yml", "intents: [greet]\ntemplates:\n  utter_greet: [\"hi\"]\nactions: [utter_greet]\n");
        var stories = Write("stories.md", "## fine\n* greet\n  - utter_greet\n\n## broken\n* greet\n  - utter_wave\n");
        var output = Path.Combine(_dir.Path, "model");

        var (code, _, error) = Run("--domain", domain, "--stories", stories, "--out", output);

        Assert.Equal(1, code);
        Assert.Contains($"{stories}:5", error, StringComparison.Ordinal);
        Assert.Contains("utter_wave", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Missing_arguments_are_a_usage_error()
    {
        var (code, _, error) = Run("--domain", "d.yml", "--out", "x");
        Assert.Equal(2, code);
        Assert.Contains("--domain and --stories go together", error, StringComparison.Ordinal);

        (code, _, error) = Run("--config", "c.yml", "--out", "x");
        Assert.Equal(2, code);
        Assert.Contains("give --domain and --stories, or --nlu", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists("x"));
    }
}
