using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Nlu;

namespace RasaOrleans.Core.Tests.Nlu;

public sealed class RegexInterpreterTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly RegexInterpreter _interpreter = new();

    [Fact]
    public void Intent_with_json_entities_spans_from_brace_to_end()
    {
        var parse = _interpreter.Parse("/greet{\"name\":\"Rasa\"}");

        Assert.Equal(
            """{"text":"/greet{\"name\":\"Rasa\"}","intent":{"name":"greet","confidence":1.0},"intent_ranking":[{"name":"greet","confidence":1.0}],"entities":[{"entity":"name","start":6,"end":21,"value":"Rasa"}]}""",
            parse.ToJsonString(Relaxed));
    }

    [Fact]
    public void List_value_gives_one_entity_per_element()
    {
        var entities = _interpreter.Parse("/inform{\"cuisine\": [\"thai\", \"indian\"], \"people\": 2}")["entities"]!.AsArray();

        Assert.Equal(3, entities.Count);
        Assert.Equal(["thai", "indian"], entities.Take(2).Select(e => e!["value"]!.GetValue<string>()));
        Assert.All(entities, e => Assert.Equal(7, e!["start"]!.GetValue<int>()));
        Assert.Equal(2, entities[2]!["value"]!.GetValue<int>());
    }

    [Fact]
    public void Invalid_json_keeps_intent_and_drops_entities()
    {
        var parse = _interpreter.Parse("/greet{name: Rasa}");

        Assert.Equal("greet", parse["intent"]!["name"]!.GetValue<string>());
        Assert.Empty(parse["entities"]!.AsArray());
    }

    [Fact]
    public void Intent_is_trimmed_and_underscore_prefix_is_accepted()
    {
        Assert.Equal("greet", _interpreter.Parse("_greet {\"a\": 1}")["intent"]!["name"]!.GetValue<string>());
        Assert.Equal("greet", _interpreter.Parse("/greet")["intent"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Old_bracket_form_gives_value_offsets_and_lower_cased_intent()
    {
        const string text = "_Inform[location=rome, price=cheap]";
        var parse = _interpreter.Parse(text);

        Assert.Equal("inform", parse["intent"]!["name"]!.GetValue<string>());
        var entities = parse["entities"]!.AsArray();
        Assert.Equal(2, entities.Count);
        foreach (var (entity, value) in entities.Zip(["rome", "cheap"]))
        {
            var start = entity!["start"]!.GetValue<int>();
            var end = entity["end"]!.GetValue<int>();
            Assert.Equal(value, text[start..end]);
            Assert.Equal(value, entity["value"]!.GetValue<string>());
        }

        Assert.Equal("location", entities[0]!["entity"]!.GetValue<string>());
        Assert.Equal(17, entities[0]!["start"]!.GetValue<int>());
    }

    [Fact]
    public void Bracket_form_is_used_only_when_bracket_comes_before_brace()
    {
        var parse = _interpreter.Parse("/inform{\"list\": [\"a\"]}");

        Assert.Equal("inform", parse["intent"]!["name"]!.GetValue<string>());
        Assert.Equal("a", parse["entities"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Empty_bracket_form_has_no_entities()
    {
        var parse = _interpreter.Parse("_greet[]");

        Assert.Equal("greet", parse["intent"]!["name"]!.GetValue<string>());
        Assert.Empty(parse["entities"]!.AsArray());
    }

    [Fact]
    public void Plain_text_is_its_own_intent()
    {
        var parse = _interpreter.Parse("hello there");

        Assert.Equal("hello there", parse["intent"]!["name"]!.GetValue<string>());
        Assert.Equal("hello there", parse["text"]!.GetValue<string>());
    }

    [Fact]
    public void Empty_text_has_empty_intent_with_zero_confidence()
    {
        Assert.Equal("""{"intent":{"name":"","confidence":0.0},"entities":[],"text":""}""", _interpreter.Parse("").ToJsonString());
    }

    [Theory]
    [InlineData("/greet", true)]
    [InlineData("_greet", true)]
    [InlineData("greet", false)]
    [InlineData(" /greet", false)]
    [InlineData("", false)]
    public void Regex_messages_start_with_slash_or_underscore(string text, bool expected) =>
        Assert.Equal(expected, RegexInterpreter.IsRegexMessage(text));

    [Fact]
    public void Parse_results_are_independent_objects()
    {
        var first = _interpreter.Parse("/a{\"x\": {\"y\": 1}}");
        var second = _interpreter.Parse("/a{\"x\": {\"y\": 1}}");
        first["entities"]![0]!["value"]!.AsObject()["y"] = 2;

        Assert.Equal(1, second["entities"]![0]!["value"]!["y"]!.GetValue<int>());
        Assert.IsType<JsonObject>(first);
    }
}
