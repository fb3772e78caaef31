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
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = StrictJson.MaxOutputDepth,
    };

    private static readonly JsonDocumentOptions s_readOptions = new() { MaxDepth = StrictJson.MaxOutputDepth };

    public static string Write(JsonNode node) => node.ToJsonString(Options);

    /// <summary>
    /// Reads JSON this server wrote itself (stored events, parse results crossing a grain call), which may nest
    /// deeper than a request may, since it wraps what a request sent.
    /// </summary>
    public static JsonNode Read(string json) => JsonNode.Parse(json, documentOptions: s_readOptions)!;
}
