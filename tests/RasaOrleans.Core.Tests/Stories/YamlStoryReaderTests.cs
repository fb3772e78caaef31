using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Tests.Stories;

public sealed class YamlStoryReaderTests
{
    private const string Stories = """
        version: "3.1"
        nlu:
        - intent: greet
          examples: |
            - hi
        stories:
        - story: happy path
          steps:
          - intent: greet
          - action: utter_greet
          - intent: inform
            entities:
            - location: rome
            - price: cheap
          - slot_was_set:
            - location: rome
            - confirmed
          - action: action_listen
          - checkpoint: after_inform
        - story: continues
          steps:
          - checkpoint: after_inform
            slot_was_set:
            - location: rome
          - or:
            - intent: affirm
            - intent: thankyou
          - action: utter_ok
          - active_loop: booking_form
          - user: /bye
        rules:
        - rule: greet at start
          conversation_start: true
          condition:
          - slot_was_set:
            - known: true
          - active_loop: null
          steps:
          - intent: greet
          - action: utter_greet
          wait_for_user_input: false
        """;

    [Fact]
    public void Stories_read_to_steps_with_user_action_and_slot_events()
    {
        var graph = StoryReader.ReadYaml(Stories, "data/stories.yml");

        var happy = graph.Steps[0];
        Assert.Equal("happy path", happy.BlockName);
        Assert.Equal(
            ["user:/greet", "action:utter_greet", "user:/inform{\"location\":\"rome\",\"price\":\"cheap\"}",
             "slot:location=\"rome\"", "slot:confirmed=\"\""],
            happy.Events.Select(MarkdownStoryReaderTests.Describe));
        Assert.Equal("after_inform", Assert.Single(happy.EndCheckpoints).Name);
        Assert.Equal(7, happy.Line);
        Assert.False(happy.IsRule);
        Assert.Equal(3, graph.BlockCount);
    }

    [Fact]
    public void Or_and_checkpoint_conditions_work_as_in_markdown()
    {
        var graph = StoryReader.ReadYaml(Stories);

        var continued = graph.StepsStartingAt("after_inform");
        Assert.Equal(2, continued.Count);
        Assert.All(continued, s => Assert.Equal("rome", s.StartCheckpoints[0].Conditions!["location"]!.GetValue<string>()));
        Assert.Equal(["user:/affirm", "user:/thankyou"], continued.Select(s => MarkdownStoryReaderTests.Describe(s.Events[0])));
        Assert.All(continued, s => Assert.Equal(["action:utter_ok", "user:/bye"], s.Events.Skip(1).Select(MarkdownStoryReaderTests.Describe)));
    }

    [Fact]
    public void Rules_are_marked_and_keep_their_conditions()
    {
        var graph = StoryReader.ReadYaml(Stories);

        var rule = Assert.Single(graph.Rules);
        Assert.Equal("greet at start", rule.BlockName);
        Assert.True(rule.RuleAtConversationStart);
        var condition = Assert.Single(rule.RuleConditions);
        Assert.Equal("known", condition.Name);
        Assert.True(condition.Value!.GetValue<bool>());
        Assert.Equal(2, rule.Events.Count);
    }

    [Fact]
    public void Active_loops_are_skipped_with_warnings()
    {
        var graph = StoryReader.ReadYaml(Stories, "s.yml");

        Assert.Equal(2, graph.Warnings.Count);
        Assert.All(graph.Warnings, w => Assert.Contains("active_loop", w));
    }

    [Fact]
    public void User_text_with_intent_keeps_text_and_intent()
    {
        var graph = StoryReader.ReadYaml("""
            stories:
            - story: e2e
              steps:
              - user: hello there
                intent: greet
              - user: just text
            """);

        var users = graph.Steps[0].Events.Cast<UserUttered>().ToList();
        Assert.Equal("hello there", users[0].Text);
        Assert.Equal("greet", users[0].ParseData["intent"]!["name"]!.GetValue<string>());
        Assert.Equal("just text", users[1].Text);
        Assert.Null(users[1].ParseData["intent"]!["name"]);
    }

    [Theory]
    [InlineData("stories:\n- story: s\n  steps:\n  - intent: \"\"\n", 4, "needs an intent name")]
    [InlineData("stories:\n- story: s\n", 2, "needs a list of 'steps:'")]
    [InlineData("stories:\n- steps: []\n", 2, "needs a name")]
    [InlineData("stories:\n- story: s\n  steps:\n  - or:\n    - action: x\n", 5, "only intent steps")]
    [InlineData("stories: [\n", 2, "not valid YAML")]
    public void Mistakes_are_reported_with_line(string yaml, int line, string problem)
    {
        var error = Assert.Throws<RasaFormatException>(() => StoryReader.ReadYaml(yaml, "bad.yml"));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }
}
