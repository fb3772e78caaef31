using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Slots;

/// <summary>
/// A slot whose type is a user's Python class (<c>my_bot.slots.MySlot</c>). Its featurisation lives in Python
/// and cannot be reproduced, so it contributes no features, like <see cref="UnfeaturizedSlot"/>; the class path
/// is kept so the domain persists unchanged.
/// </summary>
public sealed class CustomSlot(string name, string classPath, JsonNode? initialValue = null)
    : Slot(name, initialValue)
{
    public override string TypeKey => classPath;

    public override string ClassPath => classPath;

    public override int FeatureCount => 0;

    public override double[] Featurize(JsonNode? value) => [];
}
