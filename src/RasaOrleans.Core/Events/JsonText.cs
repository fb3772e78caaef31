using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>
/// JSON text as clients expect to read it: quotes escaped as <c>\"</c>, not <c>\u0022</c>, and non-ASCII text
/// written as is (UTF-8).
/// </summary>
public static class JsonText
{
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(Options);
}
