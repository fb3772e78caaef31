using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Slots;

/// <summary>A slot that stores a value but never influences the dialogue state (no features).</summary>
public sealed class UnfeaturizedSlot(string name, JsonNode? initialValue = null) : Slot(name, initialValue)
{
    public override string TypeKey => "unfeaturized";

    public override string ClassPath => "rasa_core.slots.UnfeaturizedSlot";

    public override int FeatureCount => 0;

    public override double[] Featurize(JsonNode? value) => [];
}
