using RasaOrleans.Core.Domain;

namespace RasaOrleans.Core.Tests.Domain;

public sealed class DomainErrorTests
{
    private static RasaFormatException Fails(string yaml)
    {
        var ex = Assert.Throws<RasaFormatException>(() => DomainSpec.Parse(yaml, "domain.yml"));
        Assert.Equal("domain.yml", ex.File);
        return ex;
    }

    private static void AssertError(string yaml, int line, string fragment)
    {
        var ex = Fails(yaml);
        Assert.Equal(line, ex.Line);
        Assert.Contains(fragment, ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        var ex = Fails("# only a comment\n");
        Assert.Contains("empty", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void File_that_is_not_a_mapping_is_an_error() =>
        AssertError("- greet\n- bye\n", 1, "must be a mapping");

    [Fact]
    public void Invalid_yaml_is_an_error_with_its_line() =>
        AssertError("intents:\n  - greet\n  bad: [\n", 3, "not valid YAML");

    [Fact]
    public void Intents_that_are_not_a_list_is_an_error() =>
        AssertError("entities: [a]\nintents:\n  greet: yes\n", 3, "'intents' must be a list");

    [Fact]
    public void Intent_that_is_a_list_is_an_error() =>
        AssertError("intents:\n  - greet\n  - [a, b]\n", 3, "an intent must be a name");

    [Fact]
    public void Duplicate_intent_is_an_error_naming_it() =>
        AssertError("intents:\n  - greet\n  - bye\n  - greet\n", 4, "duplicate intent 'greet'");

    [Fact]
    public void Duplicate_entity_is_an_error_naming_it() =>
        AssertError("intents: [greet]\nentities:\n  - name\n  - name\n", 4, "duplicate entity 'name'");

    [Fact]
    public void Duplicate_slot_is_an_error_naming_it()
    {
        var ex = Fails("intents: [greet]\nslots:\n  city:\n    type: text\n  city:\n    type: list\n");
        Assert.Equal(5, ex.Line);
        Assert.Contains("duplicate key 'city'", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_action_is_an_error_naming_it() =>
        AssertError("intents: [greet]\nactions:\n  - utter_greet\n  - utter_greet\n", 4, "duplicate action 'utter_greet'");

    [Fact]
    public void Class_paths_that_map_to_the_same_name_are_duplicates() =>
        AssertError("intents: [greet]\nactions:\n  - a.ActionGo\n  - b.ActionGo\n", 4, "duplicate action 'action_go'");

    [Fact]
    public void Duplicate_template_is_an_error_naming_it() =>
        AssertError("intents: [greet]\ntemplates:\n  utter_a: [x]\nresponses:\n  utter_a: [y]\n", 5, "duplicate template 'utter_a'");

    [Fact]
    public void Slot_without_type_is_an_error() =>
        AssertError("intents: [greet]\nslots:\n  city:\n    initial_value: x\n", 3, "slot 'city' has no 'type'");

    [Fact]
    public void Slot_that_is_not_a_map_is_an_error() =>
        AssertError("intents: [greet]\nslots:\n  city: text\n", 3, "slot 'city' must be a map");

    [Fact]
    public void Unknown_slot_type_is_an_error() =>
        AssertError("intents: [greet]\nslots:\n  city:\n    type: texxt\n", 4, "unknown type 'texxt'");

    [Fact]
    public void Float_slot_with_min_not_below_max_is_an_error() =>
        AssertError("intents: [greet]\nslots:\n  temp:\n    type: float\n    min_value: 5\n    max_value: 5\n", 4, "min_value");

    [Fact]
    public void Categorical_values_that_are_not_a_list_is_an_error() =>
        AssertError("intents: [greet]\nslots:\n  size:\n    type: categorical\n    values: big\n", 4, "'values' must be a list");

    [Fact]
    public void Template_variation_map_without_text_is_an_error() =>
        AssertError("intents: [greet]\ntemplates:\n  utter_greet:\n    - image: http://x/y.png\n", 4, "without a 'text'");

    [Fact]
    public void Template_that_is_not_a_list_is_an_error() =>
        AssertError("intents: [greet]\ntemplates:\n  utter_greet: hello\n", 3, "must be a list of variations");

    [Fact]
    public void Templates_that_are_not_a_map_is_an_error() =>
        AssertError("intents: [greet]\ntemplates: hello\n", 2, "'templates' must be a map");

    [Fact]
    public void Actions_that_are_not_a_list_is_an_error() =>
        AssertError("intents: [greet]\nactions: utter_greet\n", 2, "'actions' must be a list");

    [Fact]
    public void Action_names_not_parallel_to_actions_is_an_error() =>
        AssertError("intents: [greet]\nactions: [a, b]\naction_names: [a]\n", 3, "must be parallel");

    [Fact]
    public void Unknown_action_factory_is_an_error() =>
        AssertError("intents: [greet]\naction_factory: magic\n", 2, "'action_factory' must be 'local' or 'remote'");

    [Fact]
    public void Store_entities_as_slots_that_is_not_a_bool_is_an_error() =>
        AssertError("intents: [greet]\nconfig:\n  store_entities_as_slots: maybe\n", 3, "must be true or false");

    [Fact]
    public void Use_entities_of_the_wrong_type_is_an_error() =>
        AssertError("intents:\n  - greet:\n      use_entities: sometimes\n", 3, "'use_entities' of intent 'greet'");

    [Fact]
    public void Error_message_names_file_and_line()
    {
        var ex = Fails("intents:\n  - greet\n  - greet\n");
        Assert.StartsWith("domain.yml:3: ", ex.Message, StringComparison.Ordinal);
    }
}
