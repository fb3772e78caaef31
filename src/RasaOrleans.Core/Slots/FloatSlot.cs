using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Slots;

/// <summary>
/// A numeric slot: one feature, the value clamped to [min, max] and scaled to [0, 1]; 0.0 when the value is not
/// a number.
/// </summary>
public sealed class FloatSlot : Slot
{
    public const double DefaultMinValue = 0.0;
    public const double DefaultMaxValue = 1.0;

    public FloatSlot(string name, JsonNode? initialValue = null, double minValue = DefaultMinValue,
        double maxValue = DefaultMaxValue)
        : base(name, initialValue)
    {
        if (minValue >= maxValue)
        {
            throw new RasaFormatException(
                $"float slot '{name}': min_value ({minValue}) must be smaller than max_value ({maxValue})");
        }

        MinValue = minValue;
        MaxValue = maxValue;
    }

    public double MinValue { get; }

    public double MaxValue { get; }

    public override string TypeKey => "float";

    public override string ClassPath => "rasa_core.slots.FloatSlot";

    public override int FeatureCount => 1;

    public override double[] Featurize(JsonNode? value)
    {
        if (PythonValue.ToFloat(value) is not { } number || double.IsNaN(number))
        {
            return [0.0];
        }

        var capped = Math.Max(MinValue, Math.Min(MaxValue, number));
        return [(capped - MinValue) / (MaxValue - MinValue)];
    }

    public override IEnumerable<KeyValuePair<string, JsonNode?>> ExtraPersistedKeys() =>
    [
        new("max_value", JsonFloat.Node(MaxValue)),
        new("min_value", JsonFloat.Node(MinValue)),
    ];
}
