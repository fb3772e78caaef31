using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Slots;

/// <summary>
/// A slot with a fixed set of values: one feature per value, 1.0 at the value equal to the slot's value.
/// Values are compared as lower-cased strings (Python <c>str(value).lower()</c>), so <c>True</c> matches <c>true</c>.
/// </summary>
public sealed class CategoricalSlot : Slot
{
    public CategoricalSlot(string name, IEnumerable<JsonNode?> values, JsonNode? initialValue = null)
        : base(name, initialValue)
    {
        Values = values.Select(v => PythonValue.Str(v).ToLowerInvariant()).ToArray();
    }

    /// <summary>The allowed values, lower-cased, in the order written.</summary>
    public IReadOnlyList<string> Values { get; }

    public override string TypeKey => "categorical";

    public override string ClassPath => "rasa_core.slots.CategoricalSlot";

    public override int FeatureCount => Values.Count;

    public override double[] Featurize(JsonNode? value)
    {
        var features = new double[Values.Count];
        if (value is null)
        {
            return features;
        }

        var key = PythonValue.Str(value).ToLowerInvariant();
        for (var i = 0; i < Values.Count; i++)
        {
            if (Values[i] == key)
            {
                features[i] = 1.0;
            }
        }

        return features;
    }

    public override IEnumerable<KeyValuePair<string, JsonNode?>> ExtraPersistedKeys() =>
        [new("values", new JsonArray(Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()))];
}
