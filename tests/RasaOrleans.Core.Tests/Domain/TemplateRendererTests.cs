using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;

namespace RasaOrleans.Core.Tests.Domain;

public sealed class TemplateRendererTests
{
    private static readonly DomainSpec s_moodbot = DomainSpec.Parse("""
        intents: [greet, mood_unhappy]
        slots:
          name:
            type: text
        templates:
          utter_greet:
          - text: "Hey {name}! How are you?"
            buttons:
            - title: "great"
              payload: "great"
            - title: "super sad"
              payload: "super sad"
          utter_cheer_up:
          - text: "Here is something to cheer you up:"
            image: "https://i.imgur.com/nGF1K8f.jpg"
          utter_story:
          - "first part\n\nsecond part"
          utter_goodbye:
          - "goodbye :("
          - "bye bye"
          utter_catalogue:
          - text: "see these"
            elements:
            - title: "Shoes"
              subtitle: "red"
              buttons:
              - title: "buy"
                payload: "/buy"
        actions: [utter_greet, utter_cheer_up, utter_story, utter_goodbye, utter_catalogue]
        """);

    private static readonly Dictionary<string, JsonNode?> s_slots = new() { ["name"] = "Ada" };

    private static TemplateRenderer Renderer(int seed = 1) => new(s_moodbot, new Random(seed));

    [Fact]
    public void Text_with_buttons_becomes_one_message_with_data()
    {
        var messages = Renderer().Render("utter_greet", s_slots, "default");

        var message = Assert.Single(messages);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"recipient_id": "default", "text": "Hey Ada! How are you?",
             "data": [{"title": "great", "payload": "great"}, {"title": "super sad", "payload": "super sad"}]}
            """), message.ToRespondJson()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"buttons": [{"title": "great", "payload": "great"}, {"title": "super sad", "payload": "super sad"}]}
            """), message.EventData));
    }

    [Fact]
    public void Image_is_sent_as_a_text_message_after_the_text()
    {
        var messages = Renderer().Render("utter_cheer_up", s_slots, "default");

        Assert.Equal(["Here is something to cheer you up:", "Image: https://i.imgur.com/nGF1K8f.jpg"], messages.Select(m => m.Text));
        Assert.Null(messages[0].EventData);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"attachment": "https://i.imgur.com/nGF1K8f.jpg"}"""), messages[1].EventData));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"recipient_id": "default", "text": "Image: https://i.imgur.com/nGF1K8f.jpg"}"""),
            messages[1].ToRespondJson()));
    }

    [Fact]
    public void Blank_lines_split_a_text_into_several_messages()
    {
        var messages = Renderer().Render("utter_story", s_slots, "u1");

        Assert.Equal(["first part", "second part"], messages.Select(m => m.Text));
        Assert.All(messages, m => Assert.Equal("u1", m.RecipientId));
        Assert.All(messages, m => Assert.Null(m.EventData));
    }

    [Fact]
    public void Missing_template_gives_the_undefined_text()
    {
        var message = Assert.Single(Renderer().Render("utter_nothing", s_slots, "default"));

        Assert.Equal("Undefined utter template <utter_nothing>.", message.Text);
    }

    [Fact]
    public void Variation_is_chosen_with_the_injected_random()
    {
        var seen = Enumerable.Range(0, 40)
            .Select(seed => Renderer(seed).Render("utter_goodbye", s_slots, "d")[0].Text)
            .ToHashSet();

        Assert.Equal(["bye bye", "goodbye :("], seen.Order(StringComparer.Ordinal));
        Assert.Equal(
            Renderer(7).Render("utter_goodbye", s_slots, "d")[0].Text,
            Renderer(7).Render("utter_goodbye", s_slots, "d")[0].Text);
    }

    [Fact]
    public void Elements_become_a_text_with_buttons_per_element()
    {
        var message = Assert.Single(Renderer().Render("utter_catalogue", s_slots, "d"));

        Assert.Equal("Shoes : red", message.Text);
        Assert.Equal([new TemplateButton("buy", "/buy")], message.Buttons);
    }

    [Theory]
    [InlineData("hey {name}!", "hey Ada!")]
    [InlineData("{name} and {name}", "Ada and Ada")]
    [InlineData("braces {{literal}} {name}", "braces {literal} Ada")]
    [InlineData("hey {missing}!", "hey {missing}!")]
    [InlineData("hey {name} {missing}", "hey {name} {missing}")]
    [InlineData("positional {}", "positional {}")]
    [InlineData("index {0}", "index {0}")]
    [InlineData("formatted {name:>5}", "formatted {name:>5}")]
    [InlineData("stray } brace {name}", "stray } brace {name}")]
    [InlineData("no placeholders", "no placeholders")]
    public void Placeholders_are_filled_like_python_str_format(string template, string expected) =>
        Assert.Equal(expected, TemplateRenderer.Fill(template, s_slots));

    [Fact]
    public void Slot_values_are_written_as_python_str()
    {
        var slots = new Dictionary<string, JsonNode?>
        {
            ["n"] = JsonNode.Parse("2"),
            ["f"] = JsonNode.Parse("2.0"),
            ["b"] = JsonValue.Create(true),
            ["none"] = null,
            ["list"] = JsonNode.Parse("""["a", 1]"""),
        };

        Assert.Equal("2 2.0 True None ['a', 1]", TemplateRenderer.Fill("{n} {f} {b} {none} {list}", slots));
    }

    [Fact]
    public void Without_slot_values_the_text_is_not_formatted() =>
        Assert.Equal("{{x}}", TemplateRenderer.Fill("{{x}}", new Dictionary<string, JsonNode?>()));
}
