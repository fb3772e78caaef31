using System.Text.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// One entry of a config's <c>policies:</c> list: the policy's short name (<c>MemoizationPolicy</c>, also when
/// it was written as a class path) and every other key as written.
/// </summary>
public sealed record PolicySpec(string Name, IReadOnlyDictionary<string, JsonNode?> Settings)
{
    public int? MaxHistory => Integer("max_history");

    public double? NluThreshold => Number("nlu_threshold");

    public double? CoreThreshold => Number("core_threshold");

    public string? FallbackActionName => Settings.GetValueOrDefault("fallback_action_name") is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public int? Epochs => Integer("epochs");

    private int? Integer(string key) =>
        Settings.GetValueOrDefault(key) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (int)PythonValue.Number(v) : null;

    private double? Number(string key) =>
        Settings.GetValueOrDefault(key) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? PythonValue.Number(v) : null;
}
