using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Tests.Stories;

public sealed class SharedStoryFilesTests
{
    [SharedTheory]
    [MemberData(nameof(StoryFixtures.StoryFiles), MemberType = typeof(StoryFixtures))]
    public void Every_example_story_file_reads_with_one_block_per_header(string relativePath)
    {
        var path = Path.Combine(StoryFixtures.RasaCore, relativePath);

        var graph = StoryReader.ReadFile(path);

        Assert.Equal(CountHeaders(path), graph.BlockCount);
        Assert.NotEmpty(graph.Steps);
        Assert.All(graph.Steps, s => Assert.Equal(path, s.SourceFile));
        Assert.All(graph.Steps.SelectMany(s => s.Events).OfType<UserUttered>(),
            u => Assert.False(string.IsNullOrEmpty(u.ParseData["intent"]!["name"]!.GetValue<string>())));
        Assert.DoesNotContain(graph.Steps.SelectMany(s => s.Events), e => e is ActionExecuted { Name: "action_listen" });
    }

    [SharedFact]
    public void Old_and_new_syntax_test_stories_read_to_the_same_intents()
    {
        var old = StoryReader.ReadFile(Path.Combine(StoryFixtures.RasaCore, "test_fixtures/v0.7.9/dsl_stories/stories.md"));
        var current = StoryReader.ReadFile(Path.Combine(StoryFixtures.RasaCore, "test_fixtures/v0.9.3/test_stories/stories.md"));

        static IEnumerable<string> Intents(StoryGraph g) => g.Steps.SelectMany(s => s.Events).OfType<UserUttered>()
            .Select(u => u.ParseData["intent"]!["name"]!.GetValue<string>());

        Assert.Equal(Intents(current), Intents(old));
        Assert.Equal(current.Steps.Count, old.Steps.Count);
        Assert.Equal(8, current.Steps.Count); // 6 blocks; one starts with an OR, one has an intermediate checkpoint
    }

    [SharedFact]
    public void Cycle_fixture_links_checkpoints_with_conditions()
    {
        var graph = StoryReader.ReadFile(Path.Combine(StoryFixtures.RasaCore, "test_fixtures/v0.9.3/test_stories/stories_with_cycle.md"));

        var process = graph.StepsStartingAt("process_name");
        Assert.Equal(2, process.Count);
        Assert.Equal(["Josh", null], process.Select(s => s.StartCheckpoints[0].Conditions!["name"]?.GetValue<string>()));
        Assert.Equal(2, graph.StepsEndingAt("process_name").Count);
        Assert.Empty(graph.UnreachableCheckpoints);
        Assert.Single(graph.StartSteps);
    }

    [SharedFact]
    public void Multi_file_folder_reads_as_one_graph()
    {
        var folder = Path.Combine(StoryFixtures.RasaCore, "test_fixtures/v0.9.3/test_multifile_stories");

        var graph = StoryReader.ReadFolder(folder);

        Assert.Equal(Directory.GetFiles(folder).Sum(CountHeaders), graph.BlockCount);
        Assert.Equal(["stories_part_1.md", "stories_part_2.md"], graph.Steps.Select(s => Path.GetFileName(s.SourceFile!)).Distinct());
        Assert.Equal(2, graph.StepsStartingAt("check_greet").Count); // started in part 1 and part 2, ended in part 1
        Assert.Equal(["check_hello"], graph.UnreachableCheckpoints);
    }

    [SharedTheory]
    [InlineData("v0.9.3/moodbot/data")]
    [InlineData("v0.7.9/moodbot/data")]
    [InlineData("test_fixtures/v0.9.3/test_stories")]
    [InlineData("test_fixtures/v0.7.9/dsl_stories")]
    public void Example_folders_read_without_nlu_files(string relativeFolder)
    {
        var folder = Path.Combine(StoryFixtures.RasaCore, relativeFolder);
        var storyFiles = Directory.GetFiles(folder, "*.md").Where(f => !StoryReader.LooksLikeNluMarkdown(File.ReadAllText(f)));

        var graph = StoryReader.Read(folder);

        Assert.Equal(storyFiles.Sum(CountHeaders), graph.BlockCount);
    }

    [SharedFact]
    public void Babi_stories_have_a_thousand_blocks()
    {
        var graph = StoryReader.ReadFile(Path.Combine(StoryFixtures.RasaCore, "v0.9.3/restaurantbot/data/babi_stories.md"));

        Assert.Equal(1000, graph.BlockCount);
        Assert.Equal(1000, graph.StartSteps.Count);
    }

    private static int CountHeaders(string path) =>
        StoryTextLines(File.ReadAllText(path)).Count(line => line.StartsWith('#'));

    private static IEnumerable<string> StoryTextLines(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "<!--.*?-->", "", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Split('\n').Select(l => l.Trim());
}
