using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Slots;

/// <summary>A free-text slot: one feature, set when the slot has any value.</summary>
public sealed class TextSlot(string name, JsonNode? initialValue = null) : Slot(name, initialValue)
{
    public override string TypeKey => "text";

    public override string ClassPath => "rasa_core.slots.TextSlot";

    public override int FeatureCount => 1;

    public override double[] Featurize(JsonNode? value) => [value is null ? 0.0 : 1.0];
}
