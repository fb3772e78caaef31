using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Slots;

/// <summary>
/// A boolean slot: one feature, 1.0 when the value converts to a non-zero number (Python <c>float(value) != 0</c>);
/// values that do not convert (<c>"yes"</c>, lists) give 0.0.
/// </summary>
public sealed class BoolSlot(string name, JsonNode? initialValue = null) : Slot(name, initialValue)
{
    public override string TypeKey => "bool";

    public override string ClassPath => "rasa_core.slots.BooleanSlot";

    public override int FeatureCount => 1;

    public override double[] Featurize(JsonNode? value) =>
        [PythonValue.ToFloat(value) is { } number && number != 0.0 ? 1.0 : 0.0];
}
