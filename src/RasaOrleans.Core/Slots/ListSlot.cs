using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Slots;

/// <summary>
/// A slot holding a collection: one feature, 1.0 when the value is non-empty. As in Rasa (Python <c>len</c>),
/// a non-empty string or object counts too; numbers and booleans give 0.0.
/// </summary>
public sealed class ListSlot(string name, JsonNode? initialValue = null) : Slot(name, initialValue)
{
    public override string TypeKey => "list";

    public override string ClassPath => "rasa_core.slots.ListSlot";

    public override int FeatureCount => 1;

    public override double[] Featurize(JsonNode? value) =>
        [PythonValue.Length(value) is > 0 ? 1.0 : 0.0];
}
