using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Slots;

namespace RasaOrleans.Core.Tests.Domain;

public sealed class DomainSpecTests
{
    /// <summary>The GET /domain example of spec §4.11.</summary>
    internal const string SpecDomainJson = """
        {"config": {"store_entities_as_slots": true},
         "intents": [{"greet": {"use_entities": true}}, {"default": {"use_entities": true}}, {"goodbye": {"use_entities": true}}],
         "entities": ["name"],
         "slots": {"cuisine": {"type": "rasa_core.slots.TextSlot", "initial_value": null},
                   "location": {"type": "rasa_core.slots.TextSlot", "initial_value": null}},
         "templates": {"utter_greet": [{"text": "hey there!"}], "utter_goodbye": [{"text": "goodbye :("}],
                       "utter_default": [{"text": "default message"}]},
         "actions": ["utter_default", "utter_greet", "utter_goodbye"],
         "action_names": ["utter_default", "utter_greet", "utter_goodbye"],
         "action_factory": null}
        """;

    private const string DefaultDomain = """
        intents:
         - greet
         - default
         - goodbye
        slots:
          cuisine:
            type: text
          location:
            type: text
        entities:
         - name
        templates:
          utter_greet:
            - hey there!
          utter_goodbye:
            - goodbye :(
          utter_default:
            - default message
        actions:
          - utter_default
          - utter_greet
          - utter_goodbye
        """;

    private const string RestaurantDomain = """
        slots:
          price:
            type: categorical
            values: [cheap, Expensive]
          matches:
            type: unfeaturized
          cuisine:
            type: text
          budget:
            type: float
            max_value: 100
        intents: [greet, inform]
        entities: [cuisine, price]
        templates:
          utter_greet:
            - hello
        actions:
          - utter_greet
          - bot.ActionSearchRestaurants
          - bot.ActionSuggest
          - actions.HTTPRequestAction
        """;

    [Fact]
    public void Tojson_equals_the_spec_example_for_the_equivalent_domain()
    {
        var domain = DomainSpec.Parse(DefaultDomain);

        var json = domain.ToJson();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SpecDomainJson), json), json.ToJsonString());
    }

    [Fact]
    public void Built_in_actions_come_first_then_the_domain_actions_in_file_order()
    {
        var domain = DomainSpec.Parse(RestaurantDomain);

        Assert.Equal(
            ["action_listen", "action_restart", "action_default_fallback", "utter_greet",
                "action_search_restaurants", "action_suggest", "http_request_action"],
            domain.ActionNames);
        Assert.Equal(0, domain.IndexOfAction("action_listen"));
        Assert.Equal(1, domain.IndexOfAction("action_restart"));
        Assert.Equal(2, domain.IndexOfAction("action_default_fallback"));
        Assert.Equal(4, domain.IndexOfAction("action_search_restaurants"));
        Assert.Equal(-1, domain.IndexOfAction("bot.ActionSearchRestaurants"));
        Assert.True(domain.HasAction("action_suggest"));
        Assert.False(domain.HasAction("utter_unknown"));
    }

    [Theory]
    [InlineData("actions.ActionSearchVenues", "action_search_venues")]
    [InlineData("examples.restaurant_example.ActionSearchRestaurants", "action_search_restaurants")]
    [InlineData("bot.ActionSuggest", "action_suggest")]
    [InlineData("x.HTTPAction", "http_action")]
    [InlineData("x.Action2Go", "action2_go")]
    public void Class_path_action_name_is_snake_case_of_the_class(string classPath, string expected) =>
        Assert.Equal(expected, DomainSpec.ActionNameForClassPath(classPath));

    [Fact]
    public void Persisted_action_names_override_the_naming_convention()
    {
        var domain = DomainSpec.Parse("""
            intents: [greet]
            actions: [utter_greet, my.actions.Search]
            action_names: [utter_greet, search_things]
            templates:
              utter_greet: [hi]
            """);

        Assert.Equal(["utter_greet", "search_things"], domain.DomainActionNames);
        Assert.Equal(["utter_greet", "my.actions.Search"], domain.ActionEntries);
    }

    [Fact]
    public void Remote_factory_uses_the_entries_as_names()
    {
        var domain = DomainSpec.Parse("""
            intents: [greet]
            action_factory: remote
            actions: [greet, search.things]
            """);

        Assert.Equal("remote", domain.ActionFactory);
        Assert.Equal(["greet", "search.things"], domain.DomainActionNames);
    }

    [Fact]
    public void State_feature_names_follow_intents_entities_sorted_slots_and_actions()
    {
        var domain = DomainSpec.Parse(RestaurantDomain);

        Assert.Equal(
            [
                "intent_greet", "intent_inform",
                "entity_cuisine", "entity_price",
                "slot_budget_0", "slot_cuisine_0", "slot_price_0", "slot_price_1",
                "prev_action_listen", "prev_action_restart", "prev_action_default_fallback", "prev_utter_greet",
                "prev_action_search_restaurants", "prev_action_suggest", "prev_http_request_action",
            ],
            domain.StateFeatureNames);
        Assert.Equal(["price", "matches", "cuisine", "budget"], domain.Slots.Select(s => s.Name));
        Assert.Equal(["budget", "cuisine", "matches", "price"], domain.SlotsByName.Select(s => s.Name));
    }

    [Fact]
    public void Config_defaults_and_overrides_are_read()
    {
        var defaults = DomainSpec.Parse("intents: [greet]");
        var custom = DomainSpec.Parse("""
            intents: [greet]
            config:
              store_entities_as_slots: false
              restart_intent: start_over
            """);

        Assert.True(defaults.StoreEntitiesAsSlots);
        Assert.Equal("restart", defaults.RestartIntent);
        Assert.False(custom.StoreEntitiesAsSlots);
        Assert.Equal("start_over", custom.RestartIntent);
        Assert.Equal(custom.Fingerprint, DomainSpec.Parse(custom.ToPersistedYaml()).Fingerprint);
        Assert.NotEqual(defaults.Fingerprint, custom.Fingerprint);
    }

    [Fact]
    public void Later_rasa_form_with_responses_and_intent_properties_loads()
    {
        var domain = DomainSpec.Parse("""
            version: "3.1"
            intents:
              - greet:
                  use_entities: false
              - inform:
                  use_entities: [city]
              - chitchat:
                  ignore_entities: [name]
              - bye
              - thanks:
            entities:
              - city:
                  roles: [from, to]
              - name
            slots:
              city:
                type: text
                influence_conversation: true
                mappings:
                  - type: from_entity
                    entity: city
            responses:
              utter_greet:
                - text: "Hi {name}"
                  buttons:
                    - title: "ok"
                      payload: "/affirm"
              utter_bye:
                - text: Bye
                  custom: {kind: wave}
            actions:
              - action_check_weather
              - utter_greet
            forms:
              weather_form:
                required_slots: [city]
            session_config:
              session_expiration_time: 60
            """);

        Assert.Equal(["greet", "inform", "chitchat", "bye", "thanks"], domain.Intents);
        Assert.False(domain.UsesEntities("greet"));
        Assert.True(domain.UsesEntities("inform"));
        Assert.True(domain.UsesEntity("inform", "city"));
        Assert.False(domain.UsesEntity("inform", "name"));
        Assert.False(domain.UsesEntity("chitchat", "name"));
        Assert.True(domain.UsesEntity("chitchat", "city"));
        Assert.True(domain.UsesEntities("bye"));
        Assert.True(domain.UsesEntities("thanks"));
        Assert.Equal(["city", "name"], domain.Entities);
        Assert.Equal(["action_check_weather", "utter_greet", "utter_bye"], domain.DomainActionNames);
        Assert.Equal("wave", domain.Templates["utter_bye"][0].ToJson()["custom"]!["kind"]!.GetValue<string>());
        Assert.Equal([new TemplateButton("ok", "/affirm")], domain.Templates["utter_greet"][0].Buttons);

        var reloaded = DomainSpec.Parse(domain.ToPersistedYaml());
        Assert.Equal(domain.Fingerprint, reloaded.Fingerprint);
        Assert.False(reloaded.UsesEntity("inform", "name"));
        Assert.Equal(domain.ActionNames, reloaded.ActionNames);
    }

    [Fact]
    public void Use_entities_false_in_the_0_10_form_is_served_as_json()
    {
        var domain = DomainSpec.Parse("""
            intents:
              - greet: {use_entities: false}
              - inform
            """);

        var intents = domain.ToJson()["intents"]!;

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"greet": {"use_entities": false}}, {"inform": {"use_entities": true}}]"""), intents));
        Assert.False(domain.UsesEntities("greet"));
        Assert.True(domain.UsesEntities("unknown"));
    }

    [Fact]
    public void Listing_a_built_in_action_does_not_duplicate_it()
    {
        var domain = DomainSpec.Parse("""
            intents: [greet]
            actions: [action_restart, utter_greet]
            templates:
              utter_greet: [hi]
            """);

        Assert.Equal(["action_listen", "action_restart", "action_default_fallback", "utter_greet"], domain.ActionNames);
    }

    [Fact]
    public void Persisted_yaml_has_class_path_slot_types_and_list_of_dicts_templates()
    {
        var domain = DomainSpec.Parse(RestaurantDomain + "\ntopics: [question]\n");

        var yaml = domain.ToPersistedYaml();
        var reloaded = DomainSpec.Parse(yaml);

        Assert.Contains("type: rasa_core.slots.CategoricalSlot", yaml, StringComparison.Ordinal);
        Assert.Contains("- text: hello", yaml, StringComparison.Ordinal);
        Assert.Contains("action_names:", yaml, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(domain.ToJson(), reloaded.ToJson()));
        Assert.Equal(domain.StateFeatureNames, reloaded.StateFeatureNames);
        Assert.Equal(["question"], reloaded.Topics);
        Assert.Equal(domain.Fingerprint, reloaded.Fingerprint);
        var budget = Assert.IsType<FloatSlot>(reloaded.FindSlot("budget"));
        Assert.Equal(100.0, budget.MaxValue);
        Assert.Equal(["cheap", "expensive"], Assert.IsType<CategoricalSlot>(reloaded.FindSlot("price")).Values);
    }

    [Fact]
    public void Persisted_yaml_quotes_strings_that_would_read_back_as_other_types()
    {
        var domain = DomainSpec.Parse("""
            intents: ["yes", "null", "1"]
            slots:
              answer:
                type: categorical
                values: ["on", "3.5"]
                initial_value: "true"
            templates:
              utter_x:
                - "no"
                - text: "{name}: hi"
            actions: [utter_x]
            """);

        var reloaded = DomainSpec.Parse(domain.ToPersistedYaml());

        Assert.Equal(["yes", "null", "1"], reloaded.Intents);
        Assert.Equal("true", reloaded.FindSlot("answer")!.InitialValue!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(domain.ToJson(), reloaded.ToJson()));
    }

    [Fact]
    public void Fingerprint_is_stable_and_sensitive_to_content()
    {
        var a = DomainSpec.Parse(DefaultDomain);
        var b = DomainSpec.Parse(DefaultDomain);
        var c = DomainSpec.Parse(DefaultDomain.Replace("hey there!", "hello!", StringComparison.Ordinal));

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", a.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }

    [Fact]
    public void Templates_keep_file_order_and_plain_strings_become_text_maps()
    {
        var domain = DomainSpec.Parse(DefaultDomain);

        Assert.Equal(["utter_greet", "utter_goodbye", "utter_default"], domain.Templates.Keys);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"text": "hey there!"}"""), domain.Templates["utter_greet"][0].ToJson()));
    }
}
