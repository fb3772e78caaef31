using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Slots;

namespace RasaOrleans.Core.Tests.Domain;

public sealed class SlotTests
{
    private static JsonNode? J(string json) => JsonNode.Parse(json);

    [Theory]
    [InlineData("null", 0.0)]
    [InlineData("\"Berlin\"", 1.0)]
    [InlineData("\"\"", 1.0)]
    [InlineData("0", 1.0)]
    public void Text_slot_feature_is_set_when_a_value_is_present(string json, double expected) =>
        Assert.Equal([expected], new TextSlot("city").Featurize(J(json)));

    [Theory]
    [InlineData("null", 0.0)]
    [InlineData("true", 1.0)]
    [InlineData("false", 0.0)]
    [InlineData("1", 1.0)]
    [InlineData("0.0", 0.0)]
    [InlineData("\"1\"", 1.0)]
    [InlineData("\"0\"", 0.0)]
    [InlineData("\"yes\"", 0.0)]
    [InlineData("[1]", 0.0)]
    public void Bool_slot_feature_is_set_for_values_that_convert_to_non_zero(string json, double expected) =>
        Assert.Equal([expected], new BoolSlot("flag").Featurize(J(json)));

    [Theory]
    [InlineData("\"cheap\"", new[] { 1.0, 0.0, 0.0 })]
    [InlineData("\"EXPENSIVE\"", new[] { 0.0, 1.0, 0.0 })]
    [InlineData("true", new[] { 0.0, 0.0, 1.0 })]
    [InlineData("\"moderate\"", new[] { 0.0, 0.0, 0.0 })]
    [InlineData("null", new[] { 0.0, 0.0, 0.0 })]
    public void Categorical_slot_has_one_feature_per_value_compared_lower_case(string json, double[] expected)
    {
        var slot = new CategoricalSlot("price", [JsonValue.Create("cheap"), JsonValue.Create("Expensive"), JsonValue.Create(true)]);

        Assert.Equal(["cheap", "expensive", "true"], slot.Values);
        Assert.Equal(3, slot.FeatureCount);
        Assert.Equal(expected, slot.Featurize(J(json)));
    }

    [Theory]
    [InlineData("null", 0.0)]
    [InlineData("5", 0.5)]
    [InlineData("-3", 0.0)]
    [InlineData("42", 1.0)]
    [InlineData("\"7.5\"", 0.75)]
    [InlineData("\"warm\"", 0.0)]
    public void Float_slot_is_clamped_and_scaled(string json, double expected) =>
        Assert.Equal([expected], new FloatSlot("temp", null, 0.0, 10.0).Featurize(J(json)));

    [Fact]
    public void Float_slot_defaults_to_the_unit_range()
    {
        var slot = new FloatSlot("x");

        Assert.Equal(0.0, slot.MinValue);
        Assert.Equal(1.0, slot.MaxValue);
        Assert.Equal([0.25], slot.Featurize(J("0.25")));
        Assert.Throws<RasaFormatException>(() => new FloatSlot("bad", null, 2.0, 1.0));
    }

    [Theory]
    [InlineData("null", 0.0)]
    [InlineData("[]", 0.0)]
    [InlineData("[1]", 1.0)]
    [InlineData("{\"a\": 1}", 1.0)]
    [InlineData("\"x\"", 1.0)]
    [InlineData("3", 0.0)]
    public void List_slot_feature_is_set_for_non_empty_values(string json, double expected) =>
        Assert.Equal([expected], new ListSlot("matches").Featurize(J(json)));

    [Fact]
    public void Unfeaturized_and_custom_slots_have_no_features()
    {
        var custom = new CustomSlot("thing", "my_bot.slots.ThingSlot");

        Assert.Empty(new UnfeaturizedSlot("x").Featurize(J("\"anything\"")));
        Assert.Empty(custom.Featurize(J("1")));
        Assert.Equal("my_bot.slots.ThingSlot", custom.ClassPath);
    }

    [Theory]
    [InlineData("text", typeof(TextSlot), "rasa_core.slots.TextSlot")]
    [InlineData("bool", typeof(BoolSlot), "rasa_core.slots.BooleanSlot")]
    [InlineData("categorical", typeof(CategoricalSlot), "rasa_core.slots.CategoricalSlot")]
    [InlineData("float", typeof(FloatSlot), "rasa_core.slots.FloatSlot")]
    [InlineData("list", typeof(ListSlot), "rasa_core.slots.ListSlot")]
    [InlineData("unfeaturized", typeof(UnfeaturizedSlot), "rasa_core.slots.UnfeaturizedSlot")]
    [InlineData("rasa_core.slots.TextSlot", typeof(TextSlot), "rasa_core.slots.TextSlot")]
    [InlineData("rasa_core.slots.BooleanSlot", typeof(BoolSlot), "rasa_core.slots.BooleanSlot")]
    [InlineData("rasa.shared.core.slots.ListSlot", typeof(ListSlot), "rasa_core.slots.ListSlot")]
    [InlineData("any", typeof(UnfeaturizedSlot), "rasa_core.slots.UnfeaturizedSlot")]
    [InlineData("my_bot.slots.Thing", typeof(CustomSlot), "my_bot.slots.Thing")]
    public void Factory_resolves_type_keys_and_class_paths(string type, Type expectedType, string classPath)
    {
        var slot = SlotFactory.Create("s", new JsonObject { ["type"] = type, ["initial_value"] = 3 });

        Assert.IsType(expectedType, slot);
        Assert.Equal(classPath, slot.ClassPath);
        Assert.Equal(3, slot.InitialValue!.GetValue<int>());
    }

    [Fact]
    public void Slots_of_a_domain_featurize_as_declared()
    {
        var domain = DomainSpec.Parse("""
            intents: [greet]
            slots:
              size:
                type: categorical
                values: [small, yes]
              weight:
                type: float
                min_value: -1.0
                max_value: 1
              city:
                type: my_bot.slots.CitySlot
                initial_value: Berlin
            """);

        var size = Assert.IsType<CategoricalSlot>(domain.FindSlot("size"));
        Assert.Equal(["small", "true"], size.Values);
        Assert.Equal([0.75], domain.FindSlot("weight")!.Featurize(J("0.5")));
        Assert.Equal("Berlin", domain.FindSlot("city")!.InitialValue!.GetValue<string>());
        Assert.Equal(["slot_size_0", "slot_size_1", "slot_weight_0"],
            domain.StateFeatureNames.Where(f => f.StartsWith("slot_", StringComparison.Ordinal)));
    }
}
