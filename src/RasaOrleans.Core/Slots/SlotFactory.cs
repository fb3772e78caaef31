using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RasaOrleans.Core.Slots;

/// <summary>
/// Builds slots from their domain definition (<c>{type, initial_value?, values?, min_value?, max_value?}</c>).
/// <c>type</c> is a Rasa type key (<c>text</c>), a Rasa class path as persisted (<c>rasa_core.slots.TextSlot</c>),
/// or any other dotted Python class path, which becomes a <see cref="CustomSlot"/>. Keys a slot type does not
/// use (later Rasa's <c>mappings</c>, <c>influence_conversation</c>, …) are ignored.
/// </summary>
public static partial class SlotFactory
{
    /// <summary>The Rasa type keys this factory understands.</summary>
    public static IReadOnlyList<string> TypeKeys { get; } = ["text", "bool", "categorical", "float", "list", "unfeaturized"];

    private static readonly string[] s_rasaModules = ["rasa_core.slots.", "rasa.core.slots.", "rasa.shared.core.slots."];

    /// <summary>Creates the slot; a mistake in the definition is a <see cref="RasaFormatException"/>.</summary>
    public static Slot Create(string name, JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!definition.TryGetPropertyValue("type", out var typeNode) || typeNode is null)
        {
            throw new RasaFormatException(
                $"slot '{name}' has no 'type'; use one of {string.Join(", ", TypeKeys)} or a Python class path");
        }

        if (typeNode is not JsonValue typeValue || typeValue.GetValueKind() != JsonValueKind.String)
        {
            throw new RasaFormatException($"slot '{name}': 'type' must be a string, found {typeNode.ToJsonString()}");
        }

        var type = typeValue.GetValue<string>();
        var initialValue = definition["initial_value"]?.DeepClone();
        return CanonicalTypeKey(type) switch
        {
            "text" => new TextSlot(name, initialValue),
            "bool" => new BoolSlot(name, initialValue),
            "categorical" => new CategoricalSlot(name, ReadValues(name, definition), initialValue),
            "float" => new FloatSlot(name, initialValue,
                ReadNumber(name, definition, "min_value", FloatSlot.DefaultMinValue),
                ReadNumber(name, definition, "max_value", FloatSlot.DefaultMaxValue)),
            "list" => new ListSlot(name, initialValue),
            "unfeaturized" => new UnfeaturizedSlot(name, initialValue),
            _ when ClassPathPattern().IsMatch(type) => new CustomSlot(name, type, initialValue),
            _ => throw new RasaFormatException(
                $"slot '{name}' has unknown type '{type}'; use one of {string.Join(", ", TypeKeys)} " +
                "or a Python class path such as my_bot.slots.MySlot"),
        };
    }

    private static string? CanonicalTypeKey(string type)
    {
        if (TypeKeys.Contains(type))
        {
            return type;
        }

        if (type == "any")
        {
            // later Rasa's name for a slot that does not influence the conversation
            return "unfeaturized";
        }

        foreach (var module in s_rasaModules)
        {
            if (type.StartsWith(module, StringComparison.Ordinal))
            {
                return type[module.Length..] switch
                {
                    "TextSlot" => "text",
                    "BooleanSlot" => "bool",
                    "CategoricalSlot" => "categorical",
                    "FloatSlot" => "float",
                    "ListSlot" => "list",
                    "UnfeaturizedSlot" or "AnySlot" => "unfeaturized",
                    _ => null,
                };
            }
        }

        return null;
    }

    private static IEnumerable<JsonNode?> ReadValues(string name, JsonObject definition)
    {
        var values = definition["values"];
        return values switch
        {
            null => [],
            JsonArray array => array,
            _ => throw new RasaFormatException(
                $"categorical slot '{name}': 'values' must be a list, found {values.ToJsonString()}"),
        };
    }

    private static double ReadNumber(string name, JsonObject definition, string key, double fallback)
    {
        var node = definition[key];
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return PythonValue.Number(v);
        }

        throw new RasaFormatException($"float slot '{name}': '{key}' must be a number, found {node.ToJsonString()}");
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex ClassPathPattern();
}
