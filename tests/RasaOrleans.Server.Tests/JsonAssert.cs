using System.Text.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

/// <summary>Semantic JSON equality: objects compared by keys, numbers as doubles, arrays in order.</summary>
public static class JsonAssert
{
    public static void Equivalent(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject e:
                var a = Assert.IsType<JsonObject>(actual, exactMatch: false);
                Assert.True(e.Select(p => p.Key).Order().SequenceEqual(a.Select(p => p.Key).Order()),
                    $"{path}: keys differ: expected {string.Join(",", e.Select(p => p.Key).Order())}, got {string.Join(",", a.Select(p => p.Key).Order())}");
                foreach (var (key, value) in e)
                {
                    Equivalent(value, a[key], $"{path}.{key}");
                }

                break;
            case JsonArray e:
                var list = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(e.Count == list.Count, $"{path}: expected {e.Count} items, got {list.Count}");
                for (var i = 0; i < e.Count; i++)
                {
                    Equivalent(e[i], list[i], $"{path}[{i}]");
                }

                break;
            case JsonValue e when e.GetValueKind() == JsonValueKind.Number:
                Assert.True(actual is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Math.Abs(e.GetValue<double>() - v.GetValue<double>()) < 1e-6,
                    $"{path}: expected {e.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}
