using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Tests.Stories;

public sealed class StoryYamlWriterTests
{
    private static UserUttered User(string text, string intent, JsonArray? entities = null) =>
        new(text, new JsonObject { ["intent"] = new JsonObject { ["name"] = intent, ["confidence"] = 1.0 }, ["entities"] = entities ?? [] });

    [Fact]
    public void User_text_carries_entity_markup_and_intent_commands_no_text()
    {
        var entities = new JsonArray(new JsonObject { ["start"] = 11, ["end"] = 14, ["value"] = "Ada", ["entity"] = "name" });
        Event[] events = [User("my name is Ada", "tell_name", entities), new SlotSet("name", "Ada"), new ActionExecuted("utter_greet_name"),
            new ActionExecuted("action_listen"), User("/greet", "greet")];

        var yaml = StoryYamlWriter.Write("c1", events, allSessions: false);

        Assert.Contains("user: my name is [Ada](name)", yaml);
        Assert.Contains("- name: Ada", yaml);
        Assert.DoesNotContain("/greet", yaml);
        Assert.DoesNotContain("action_listen", yaml);
        var graph = StoryReader.ReadYaml(yaml);
        Assert.Equal(1, graph.BlockCount);
    }

    [Fact]
    public void Entity_whose_value_differs_from_its_text_is_written_with_its_value()
    {
        var entities = new JsonArray(new JsonObject { ["start"] = 7, ["end"] = 13, ["value"] = "Berlin", ["entity"] = "city" });

        var yaml = StoryYamlWriter.Write("c1", [User("fly to berlin", "fly", entities)], allSessions: false);

        // read back, the message has the entity with its value
        var user = StoryReader.ReadYaml(yaml).Steps.SelectMany(s => s.Events).OfType<UserUttered>().Single();
        Assert.StartsWith("fly to [berlin]{", user.Text);
        var entity = Assert.Single(user.ParseData["entities"]!.AsArray())!;
        Assert.Equal("city", entity["entity"]!.GetValue<string>());
        Assert.Equal("Berlin", entity["value"]!.GetValue<string>());
    }

    [Fact]
    public void Only_the_last_session_unless_all_sessions_are_asked_for()
    {
        Event[] events = [new ActionExecuted("action_session_start"), new SessionStarted(), User("hi", "greet"), new ActionExecuted("utter_old"),
            new ActionExecuted("action_session_start"), new SessionStarted(), User("hello", "greet"), new ActionExecuted("utter_new")];

        var last = StoryYamlWriter.Write("c1", events, allSessions: false);
        var all = StoryYamlWriter.Write("c1", events, allSessions: true);

        Assert.DoesNotContain("utter_old", last);
        Assert.Contains("utter_new", last);
        Assert.Contains("c1, session 1", all);
        Assert.Contains("c1, session 2", all);
        Assert.Equal(2, StoryReader.ReadYaml(all).BlockCount);
        Assert.DoesNotContain("action_session_start", all);
    }
}
