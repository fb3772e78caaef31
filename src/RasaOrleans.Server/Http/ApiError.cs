using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Error answers in the shape of the route they answer: later Rasa's routes (<see cref="LaterApiAttribute"/>) in
/// Rasa 3's <c>{"version", "status": "failure", "message", "reason", "details", "help", "code"}</c>, every other
/// route in the 0.x <c>{"error": …}</c> (<see cref="JsonError"/>).
/// </summary>
public static class ApiError
{
    /// <summary>True when the request's route is one of later Rasa's.</summary>
    public static bool IsLaterApi(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<LaterApiAttribute>() is not null;

    /// <summary>Rasa 3's error body; <paramref name="reason"/> defaults to Rasa's name for the status (<c>BadRequest</c>, <c>Conflict</c>, …).</summary>
    public static string LaterBody(int status, string message, string? reason = null, JsonObject? details = null) => JsonText.Write(new JsonObject
    {
        ["version"] = RasaVersion.Current,
        ["status"] = "failure",
        ["message"] = message,
        ["reason"] = reason ?? Reason(status),
        ["details"] = details ?? new JsonObject(),
        ["help"] = null,
        ["code"] = status,
    });

    /// <summary>A later route's error as an action result.</summary>
    public static ContentResult Later(int status, string message, string? reason = null, JsonObject? details = null) =>
        new() { StatusCode = status, Content = LaterBody(status, message, reason, details), ContentType = JsonError.ContentType };

    /// <summary>Writes an error in the shape of the request's route.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string? reason = null)
    {
        if (!IsLaterApi(context))
        {
            return JsonError.WriteAsync(context.Response, status, message);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = JsonError.ContentType;
        return context.Response.WriteAsync(LaterBody(status, message, reason));
    }

    /// <summary>Rasa's reason for a status code.</summary>
    public static string Reason(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "BadRequest",
        StatusCodes.Status401Unauthorized => "NotAuthenticated",
        StatusCodes.Status403Forbidden => "NotAuthorized",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status405MethodNotAllowed => "MethodNotAllowed",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "PayloadTooLarge",
        StatusCodes.Status415UnsupportedMediaType => "UnsupportedMediaType",
        StatusCodes.Status503ServiceUnavailable => "ServiceUnavailable",
        StatusCodes.Status504GatewayTimeout => "Timeout",
        _ => "ServerError",
    };
}
