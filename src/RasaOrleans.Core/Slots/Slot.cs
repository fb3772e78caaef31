using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Slots;

/// <summary>
/// A slot of the domain: a named piece of conversation memory and the dialogue-state features it contributes
/// (spec §9.3). Concrete types: text, bool, categorical, float, list, unfeaturized, and custom class paths.
/// </summary>
public abstract class Slot(string name, JsonNode? initialValue)
{
    public string Name { get; } = name;

    /// <summary>Value after creation and after <c>reset_slots</c>/<c>restart</c>.</summary>
    public JsonNode? InitialValue { get; } = initialValue;

    /// <summary>The Rasa type key as written in a domain (<c>text</c>, <c>bool</c>, …).</summary>
    public abstract string TypeKey { get; }

    /// <summary>The Python class path Rasa persists (<c>rasa_core.slots.TextSlot</c>).</summary>
    public abstract string ClassPath { get; }

    /// <summary>How many state features this slot contributes.</summary>
    public abstract int FeatureCount { get; }

    /// <summary>The feature values for <paramref name="value"/>; length is <see cref="FeatureCount"/>.</summary>
    public abstract double[] Featurize(JsonNode? value);

    /// <summary>Type-specific keys written back when the domain is persisted (values, min/max).</summary>
    public virtual IEnumerable<KeyValuePair<string, JsonNode?>> ExtraPersistedKeys() => [];
}
