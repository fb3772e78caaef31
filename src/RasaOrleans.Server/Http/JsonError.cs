using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace RasaOrleans.Server.Http;

/// <summary>The error body every handled failure answers with: <c>{"error": "&lt;message&gt;"}</c> (spec §3.6).</summary>
public static class JsonError
{
    public const string ContentType = "application/json; charset=utf-8";

    // Relaxed escaping keeps quotes readable; the body is only ever served as application/json.
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Body(string message) => new JsonObject { ["error"] = message }.ToJsonString(s_options);

    public static ContentResult Result(int status, string message) =>
        new() { StatusCode = status, Content = Body(message), ContentType = ContentType };

    public static Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = ContentType;
        return response.WriteAsync(Body(message));
    }
}
