using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace RasaOrleans.Server.Http;

/// <summary>The error body every handled failure answers with: <c>{"error": "&lt;message&gt;"}</c> (spec §3.6).</summary>
public static class JsonError
{
    public const string ContentType = "application/json; charset=utf-8";

    public static string Body(string message) => new JsonObject { ["error"] = message }.ToJsonString();

    public static ContentResult Result(int status, string message) =>
        new() { StatusCode = status, Content = Body(message), ContentType = ContentType };

    public static Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = ContentType;
        return response.WriteAsync(Body(message));
    }
}
