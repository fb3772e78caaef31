using System.Text.Json.Nodes;
using RasaOrleans.Core;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Tests.Events;

public sealed class EventJsonTests
{
    private const double Now = 1514764800.0;

    // The output form of every event of the catalogue (spec §7.2), with t = 1514764800.0.
    public static TheoryData<string> CatalogueExamples => new()
    {
        """{"event":"user","timestamp":1514764800.0,"text":"/greet","parse_data":{"intent":{"name":"greet","confidence":1.0},"entities":[],"text":"/greet"}}""",
        """{"event":"bot","timestamp":1514764800.0,"text":"Welcome!","data":{"test":true}}""",
        """{"event":"slot","timestamp":1514764800.0,"name":"cuisine","value":"mexican"}""",
        """{"event":"action","timestamp":1514764800.0,"name":"utter_greet"}""",
        """{"event":"action","timestamp":1514764800.0,"name":"utter_greet","policy":"MemoizationPolicy","confidence":1.0}""",
        """{"event":"restart","timestamp":1514764800.0}""",
        """{"event":"reset_slots","timestamp":1514764800.0}""",
        """{"event":"rewind","timestamp":1514764800.0}""",
        """{"event":"undo","timestamp":1514764800.0}""",
        """{"event":"pause","timestamp":1514764800.0}""",
        """{"event":"resume","timestamp":1514764800.0}""",
        """{"event":"reminder","timestamp":1514764800.0,"action":"utter_x","date_time":"2018-01-01T12:00:00","name":"id","kill_on_user_msg":true}""",
        """{"event":"topic","timestamp":1514764800.0,"topic":"question"}""",
        """{"event":"export","timestamp":1514764800.0}""",
        """{"event":"agent","timestamp":1514764800.0,"text":"hello from a human","data":null}""",
        """{"event":"followup","timestamp":1514764800.0,"name":"action_x"}""",
        """{"event":"session_started","timestamp":1514764800.0}""",
        """{"event":"action_execution_rejected","timestamp":1514764800.0,"name":"action_x"}""",
        """{"event":"cancel_reminder","timestamp":1514764800.0,"name":"r1","intent":null,"entities":null}""",
        """{"event":"reminder","timestamp":1514764800.0,"intent":"EXTERNAL_dry_plant","entities":[{"entity":"plant","value":"ficus"}],"date_time":"2018-01-01T12:00:00","name":"r1","kill_on_user_msg":false}""",
    };

    [Theory]
    [MemberData(nameof(CatalogueExamples))]
    public void Every_catalogue_event_round_trips_to_the_same_json_text(string json)
    {
        var decoded = EventJson.Decode(JsonNode.Parse(json)!.AsObject(), now: 0);
        var encoded = EventJson.Encode(decoded).ToJsonString();

        Assert.Equal(json, encoded);
        Assert.Equal(EventJson.Encode(EventJson.Decode(JsonNode.Parse(encoded)!.AsObject(), 0)).ToJsonString(), encoded);
    }

    [Fact]
    public void Action_events_of_later_rasa_with_null_policy_and_confidence_are_read_as_unknown()
    {
        var decoded = EventJson.Decode(JsonNode.Parse("""{"event":"action","name":"utter_greet","policy":null,"confidence":null}""")!.AsObject(), Now);

        var action = Assert.IsType<ActionExecuted>(decoded);
        Assert.Null(action.Policy);
        Assert.Null(action.Confidence);
        Assert.Equal("""{"event":"action","timestamp":1514764800.0,"name":"utter_greet"}""", EventJson.Encode(decoded).ToJsonString());
    }

    [Fact]
    public void An_action_event_with_a_confidence_that_is_not_a_number_is_refused()
    {
        var e = Assert.Throws<RasaFormatException>(() =>
            EventJson.Decode(JsonNode.Parse("""{"event":"action","name":"utter_greet","confidence":"high"}""")!.AsObject(), Now));
        Assert.Contains("'confidence'", e.Message);
    }

    [Fact]
    public void Every_known_event_type_has_a_catalogue_example()
    {
        var covered = ((IEnumerable<object[]>)CatalogueExamples).Select(row => JsonNode.Parse((string)row[0])!["event"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(EventJson.KnownTypes.OrderBy(t => t), covered.OrderBy(t => t));
    }

    [Fact]
    public void Missing_timestamp_becomes_the_decoding_time()
    {
        var e = EventJson.Decode(new JsonObject { ["event"] = "restart" }, Now);
        Assert.Equal(Now, e.Timestamp);
        Assert.Equal("""{"event":"restart","timestamp":1514764800.0}""", EventJson.Encode(e).ToJsonString());
    }

    [Fact]
    public void Timestamps_keep_their_fraction_and_whole_numbers_get_a_decimal_point()
    {
        Assert.Equal("1527677102.41", JsonFloat.Format(1527677102.41));
        Assert.Equal("1.0", JsonFloat.Format(1));
        Assert.Equal("0.0", JsonFloat.Format(0));
        Assert.Equal("1e-05", JsonFloat.Format(0.00001));
    }

    [Fact]
    public void Slot_values_of_any_json_type_are_kept()
    {
        var json = """{"event":"slot","timestamp":1.5,"name":"matches","value":[{"name":"Roma Pasta","stars":4.5},null,true]}""";
        var e = Assert.IsType<SlotSet>(EventJson.Decode(JsonNode.Parse(json)!.AsObject(), 0));
        Assert.Equal("matches", e.Name);
        Assert.Equal(json, EventJson.Encode(e).ToJsonString());
    }

    [Fact]
    public void User_parse_data_is_kept_exactly_as_posted_even_without_text()
    {
        var json = """{"event":"user","timestamp":2.0,"text":null,"parse_data":{"intent":{"name":"inform","confidence":0.82},"entities":[{"entity":"cuisine","value":"thai","start":3,"end":7,"extractor":"ner_crf"}],"custom":[1,2]}}""";
        var e = Assert.IsType<UserUttered>(EventJson.Decode(JsonNode.Parse(json)!.AsObject(), 0));
        Assert.Null(e.Text);
        Assert.Equal(json, EventJson.Encode(e).ToJsonString());
    }

    [Fact]
    public void A_list_skips_entries_without_an_event_key()
    {
        var events = EventJson.DecodeList("""[{"event":"pause"},{"name":"x"},{"event":"resume"}]""", Now);
        Assert.Collection(events, e => Assert.IsType<ConversationPaused>(e), e => Assert.IsType<ConversationResumed>(e));
    }

    [Theory]
    [InlineData("""{"event":"dance"}""", "Unknown event name 'dance'")]
    [InlineData("""{"event":42}""", "'event' key must be a string")]
    [InlineData("""{"event":"user","text":"hi"}""", "'user' event needs 'parse_data'")]
    [InlineData("""{"event":"user","text":"hi","parse_data":{"entities":[]}}""", "needs an 'intent' object")]
    [InlineData("""{"event":"user","text":"hi","parse_data":{"intent":{},"entities":{}}}""", "needs an 'entities' list")]
    [InlineData("""{"event":"user","text":"hi","parse_data":{"intent":{},"entities":[3]}}""", "every entry of a 'user' event's 'entities'")]
    [InlineData("""{"event":"user","text":5,"parse_data":{"intent":{},"entities":[]}}""", "'user' event's 'text' must be a string")]
    [InlineData("""{"event":"slot","value":1}""", "'slot' event needs 'name'")]
    [InlineData("""{"event":"action"}""", "'action' event needs 'name'")]
    [InlineData("""{"event":"action","name":["a"]}""", "'action' event's 'name' must be a string, got a list")]
    [InlineData("""{"event":"action","name":"a","timestamp":"yesterday"}""", "'timestamp' must be a number")]
    [InlineData("""{"event":"reminder","action":"utter_x","date_time":"tomorrow"}""", "'date_time' must be ISO 8601")]
    [InlineData("""{"event":"reminder","date_time":"2018-01-01T12:00:00"}""", "'reminder' event needs 'action'")]
    [InlineData("""{"event":"reminder","action":"a","date_time":"2018-01-01T12:00:00","kill_on_user_msg":"yes"}""", "'kill_on_user_msg' must be true or false")]
    [InlineData("""{"event":"followup"}""", "'followup' event needs 'name'")]
    public void Malformed_events_are_format_errors_that_name_the_problem(string json, string expected)
    {
        var error = Assert.Throws<RasaFormatException>(() => EventJson.Decode(JsonNode.Parse(json)!.AsObject(), Now));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("""{"event":"pause"}""", "expected a JSON list of events, got an object")]
    [InlineData("""[{"event":"pause"}, 7]""", "event #1: expected a JSON object, got the number 7")]
    [InlineData("""[{"event":"pause"}, {"event":"nope"}]""", "event #1: Unknown event name 'nope'")]
    [InlineData("""[{"event":""", "not valid JSON")]
    public void Malformed_event_lists_say_which_entry_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<RasaFormatException>(() => EventJson.DecodeList(json, Now));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Reminder_without_name_gets_a_generated_one_and_kill_defaults_to_true()
    {
        var e = Assert.IsType<ReminderScheduled>(EventJson.Decode(
            JsonNode.Parse("""{"event":"reminder","action":"utter_x","date_time":"2018-01-01T12:00:00.123456"}""")!.AsObject(), Now));
        Assert.False(string.IsNullOrEmpty(e.Name));
        Assert.True(e.KillOnUserMessage);
        Assert.Equal("2018-01-01T12:00:00.123456", e.DateTime);
    }
}
