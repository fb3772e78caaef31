using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Tests.Stories;

public sealed class MarkdownStoryReaderTests
{
    private const string SpecExample = """
        ## happy path
        * greet
          - utter_greet
        * mood_great
          - utter_happy

        ## with entities, alternatives and checkpoints
        * greet OR greet{"name": "Peter"}
          - utter_greet
        > check_greet

        ## continues
        > check_greet
        * inform{"location": "rome", "price": "cheap"}
          - action_search
          - slot{"matches": [{"name": "Roma Pasta"}]}
        """;

    [Fact]
    public void Simple_story_becomes_one_step_with_user_and_action_events()
    {
        var graph = StoryReader.ReadMarkdown(SpecExample, "stories.md");

        var happy = Assert.Single(graph.Steps, s => s.BlockName == "happy path");
        Assert.Empty(happy.StartCheckpoints);
        Assert.Empty(happy.EndCheckpoints);
        Assert.True(happy.StartsAtConversationStart);
        Assert.Equal(1, happy.Line);
        Assert.Equal("stories.md", happy.SourceFile);
        Assert.Equal(["user:/greet", "action:utter_greet", "user:/mood_great", "action:utter_happy"],
            happy.Events.Select(Describe));
        Assert.Equal(3, graph.BlockCount);
        Assert.Empty(graph.Warnings);
    }

    [Fact]
    public void User_text_is_the_slash_form_of_the_line_and_reparses_the_same()
    {
        var graph = StoryReader.ReadMarkdown(SpecExample);
        var inform = graph.Steps.SelectMany(s => s.Events).OfType<UserUttered>().Single(u => u.Text!.Contains("inform"));

        Assert.Equal("/inform{\"location\": \"rome\", \"price\": \"cheap\"}", inform.Text);
        Assert.Equal(new Core.Nlu.RegexInterpreter().Parse(inform.Text!).ToJsonString(), inform.ParseData.ToJsonString());
        Assert.Equal(["rome", "cheap"], inform.ParseData["entities"]!.AsArray().Select(e => e!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Or_at_block_start_gives_one_step_per_alternative()
    {
        var graph = StoryReader.ReadMarkdown(SpecExample);
        var steps = graph.Steps.Where(s => s.BlockName == "with entities, alternatives and checkpoints").ToList();

        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Empty(s.StartCheckpoints));
        Assert.All(steps, s => Assert.Equal("check_greet", Assert.Single(s.EndCheckpoints).Name));
        Assert.Equal(["user:/greet", "user:/greet{\"name\": \"Peter\"}"], steps.Select(s => Describe(s.Events[0])));
        Assert.All(steps, s => Assert.Equal("action:utter_greet", Describe(s.Events[1])));
    }

    [Fact]
    public void Or_after_events_ends_the_block_at_a_generated_checkpoint()
    {
        var graph = StoryReader.ReadMarkdown("""
            ## branching
            * greet
              - utter_greet
            * affirm OR thank_you
              - utter_ok
            * bye
            """);

        Assert.Equal(3, graph.Steps.Count);
        Assert.Equal(1, graph.BlockCount);
        var prefix = graph.Steps[0];
        var joint = Assert.Single(prefix.EndCheckpoints).Name;
        Assert.StartsWith(Checkpoint.GeneratedOrPrefix, joint);
        Assert.Equal(["user:/greet", "action:utter_greet"], prefix.Events.Select(Describe));
        var alternatives = graph.StepsStartingAt(joint);
        Assert.Equal(2, alternatives.Count);
        Assert.Equal(["user:/affirm", "user:/thank_you"], alternatives.Select(s => Describe(s.Events[0])));
        Assert.All(alternatives, s => Assert.Equal(["action:utter_ok", "user:/bye"], s.Events.Skip(1).Select(Describe)));
        Assert.All(alternatives, s => Assert.Empty(s.EndCheckpoints));
        Assert.Same(prefix, Assert.Single(graph.StartSteps));
    }

    [Fact]
    public void Two_ors_in_a_block_chain_through_two_generated_checkpoints()
    {
        var graph = StoryReader.ReadMarkdown("""
            ## twice
            * a
              - x
            * b OR c
              - y
            * d OR e
            """);

        Assert.Equal(5, graph.Steps.Count);
        var names = graph.Steps.SelectMany(s => s.EndCheckpoints).Select(c => c.Name).Distinct().ToList();
        Assert.Equal(2, names.Count);
        Assert.Equal(2, graph.StepsEndingAt(names[1]).Count);
        Assert.Equal(2, graph.StepsStartingAt(names[1]).Count);
        Assert.Empty(graph.UnreachableCheckpoints);
        Assert.Empty(graph.DanglingCheckpoints);
    }

    [Fact]
    public void Start_checkpoints_carry_slot_conditions()
    {
        var graph = StoryReader.ReadMarkdown("""
            ## user sends name
            > get_name
            * default{"name":"Josh"}
            > process_name

            ## goodbye
            > process_name{"name":"Josh"}
            - utter_goodbye
            """);

        var goodbye = Assert.Single(graph.StepsStartingAt("process_name"));
        var start = Assert.Single(goodbye.StartCheckpoints);
        Assert.Equal("Josh", start.Conditions!["name"]!.GetValue<string>());
        Assert.False(goodbye.StartsAtConversationStart);
        Assert.Equal(["get_name"], graph.UnreachableCheckpoints);
    }

    [Fact]
    public void Intermediate_checkpoint_splits_the_block_and_conditions_on_it_are_warned_about()
    {
        var graph = StoryReader.ReadMarkdown("""
            ## show_it_all
            > check_greet
            > check_hello
            * next_intent
                - utter_greet
            > check_intermediate{"x": 1}
            * change_bank_details
                - utter_default
            """, "s.md");

        Assert.Equal(2, graph.Steps.Count);
        Assert.Equal(["check_greet", "check_hello"], graph.Steps[0].StartCheckpoints.Select(c => c.Name));
        Assert.Null(Assert.Single(graph.Steps[0].EndCheckpoints).Conditions);
        Assert.Equal("check_intermediate", Assert.Single(graph.Steps[1].StartCheckpoints).Name);
        Assert.Contains(graph.Warnings, w => w.StartsWith("s.md:6:", StringComparison.Ordinal));
    }

    [Fact]
    public void Slot_line_gives_one_event_per_key_in_order()
    {
        var graph = StoryReader.ReadMarkdown("""
            ## s
            * greet
              - slot{"b": 1, "a": [1, 2], "c": null}
              - slot["nice_person"]
            """);

        var slots = graph.Steps[0].Events.OfType<SlotSet>().ToList();
        Assert.Equal(["b", "a", "c", "nice_person"], slots.Select(s => s.Name));
        Assert.Equal("[1,2]", slots[1].Value!.ToJsonString());
        Assert.Null(slots[2].Value);
        Assert.Equal("", slots[3].Value!.GetValue<string>());
    }

    [Fact]
    public void Event_type_lines_become_events_and_action_listen_is_dropped()
    {
        var graph = StoryReader.ReadMarkdown("""
            ## s
            * greet
              - action_listen
              - restart
              - reset_slots
              - pause
              - resume
              - rewind
              - undo
              - action_restart
            """);

        Assert.Equal(
            [typeof(UserUttered), typeof(ConversationRestarted), typeof(AllSlotsReset), typeof(ConversationPaused),
             typeof(ConversationResumed), typeof(UserUtteranceReverted), typeof(ActionReverted), typeof(ActionExecuted)],
            graph.Steps[0].Events.Select(e => e.GetType()));
    }

    [Fact]
    public void Old_syntax_user_lines_are_kept_as_written()
    {
        var graph = StoryReader.ReadMarkdown("""
            ## old
            * _greet  OR _greet[name=Peter]
              - utter_greet
            * _inform[location=rome,price=cheap]
            """);

        var users = graph.Steps.SelectMany(s => s.Events).OfType<UserUttered>().ToList();
        Assert.Equal(["_greet", "_inform[location=rome,price=cheap]", "_greet[name=Peter]", "_inform[location=rome,price=cheap]"],
            users.Select(u => u.Text));
        var entities = users[1].ParseData["entities"]!.AsArray();
        Assert.Equal(["rome", "cheap"], entities.Select(e => e!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Comments_are_removed_also_across_lines_and_line_numbers_stay_right()
    {
        var graph = StoryReader.ReadMarkdown("""
            <!-- a comment
            ## not a story
            * nor a user -->
            ## real   <!-- trailing -->
            * greet   <!-- user utterance -->
              - utter_greet
            """);

        var step = Assert.Single(graph.Steps);
        Assert.Equal("real", step.BlockName);
        Assert.Equal(4, step.Line);
        Assert.Equal(1, graph.BlockCount);
    }

    [Fact]
    public void Unknown_lines_are_skipped_with_a_warning()
    {
        var graph = StoryReader.ReadMarkdown("## s\n* greet\nthis is prose\n  - utter_greet\n", "f.md");

        Assert.Equal(2, graph.Steps[0].Events.Count);
        Assert.Equal("f.md:3: skipped a line that is not part of the story format: 'this is prose'", Assert.Single(graph.Warnings));
    }

    [Fact]
    public void Template_variables_are_replaced()
    {
        var graph = StoryReader.ReadMarkdown("## `name` story\n* `intent`\n  - utter_`what`\n",
            templateVariables: new Dictionary<string, string> { ["name"] = "my", ["intent"] = "greet", ["what"] = "hello" });

        Assert.Equal("my story", graph.Steps[0].BlockName);
        Assert.Equal(["user:/greet", "action:utter_hello"], graph.Steps[0].Events.Select(Describe));
    }

    [Theory]
    [InlineData("## s\n* greet\n  - utter_`missing`\n", 3, "unknown template variable")]
    [InlineData("## s\n* greet\n*  {\"a\": 1}\n", 3, "has no intent")]
    [InlineData("## s\n* greet OR  OR bye\n", 2, "has no intent")]
    [InlineData("## s\n* greet\n  - slot{\"a\": }\n", 3, "is not valid JSON")]
    [InlineData("## s\n* greet\n  - slot\"a\"\n  - slot[1]\n", 4, "slot values must be a JSON object")]
    [InlineData("## s\n> check{oops}\n* greet\n", 2, "is not valid JSON")]
    [InlineData("## s\n> check[1]\n", 2, "must be a JSON object")]
    [InlineData("\n  - utter_greet\n## s\n", 2, "comes before the first story")]
    [InlineData("* greet\n", 1, "comes before the first story")]
    public void Mistakes_are_reported_with_file_and_line(string text, int line, string problem)
    {
        var error = Assert.Throws<RasaFormatException>(() => StoryReader.ReadMarkdown(text, "bad.md"));

        Assert.Equal("bad.md", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void Unreadable_file_is_a_format_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing.md");

        var error = Assert.Throws<RasaFormatException>(() => StoryReader.ReadFile(path));

        Assert.Equal(path, error.File);
    }

    [Fact]
    public void Folder_reads_all_story_files_in_path_order_and_skips_nlu_and_domain_files()
    {
        var folder = Directory.CreateTempSubdirectory("stories").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.WriteAllText(Path.Combine(folder, "b.md"), "## second\n* b\n> joint\n");
            File.WriteAllText(Path.Combine(folder, "sub", "c.md"), "## third\n> joint\n- utter_c\n");
            File.WriteAllText(Path.Combine(folder, "a.md"), "## first\n* a\n");
            File.WriteAllText(Path.Combine(folder, "nlu.md"), "## intent:greet\n- hi\n");
            File.WriteAllText(Path.Combine(folder, "domain.yml"), "intents:\n- greet\n");
            File.WriteAllText(Path.Combine(folder, "rules.yml"), "rules:\n- rule: r\n  steps:\n  - intent: bye\n");

            var graph = StoryReader.Read(folder);

            Assert.Equal(["first", "second", "r", "third"], graph.Steps.Select(s => s.BlockName));
            Assert.Equal(4, graph.BlockCount);
            Assert.Equal("third", Assert.Single(graph.StepsStartingAt("joint")).BlockName);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Parse_data_of_a_user_event_is_not_shared_between_alternative_copies()
    {
        var graph = StoryReader.ReadMarkdown("## s\n> a\n> b\n* greet\n> c\n> d\n");

        Assert.Equal(2, graph.Steps.Count);
        Assert.Equal(["c", "d"], graph.Steps.Select(s => Assert.Single(s.EndCheckpoints).Name));
        Assert.IsType<JsonObject>(((UserUttered)graph.Steps[0].Events[0]).ParseData);
    }

    internal static string Describe(Event e) => e switch
    {
        UserUttered u => $"user:{u.Text}",
        ActionExecuted a => $"action:{a.Name}",
        SlotSet s => $"slot:{s.Name}={s.Value?.ToJsonString() ?? "null"}",
        _ => e.TypeName,
    };
}
