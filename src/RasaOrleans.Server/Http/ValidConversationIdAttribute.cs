using Microsoft.AspNetCore.Mvc.Filters;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Rejects a conversation id (route value <c>id</c>) that is longer than <see cref="MaxLength"/> characters or
/// contains control characters, with a 400, before any grain is touched. (An empty id never reaches a
/// controller; <see cref="RasaErrorMiddleware"/> answers it.)
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ValidConversationIdAttribute : ActionFilterAttribute
{
    public const int MaxLength = 512;

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        if (Problem(context.RouteData.Values["id"] as string) is { } problem)
        {
            context.Result = JsonError.Result(StatusCodes.Status400BadRequest, problem);
        }
    }

    /// <summary>What is wrong with <paramref name="id"/> as a conversation id (named <paramref name="what"/>), or null when nothing is.</summary>
    public static string? Problem(string? id, string what = "conversation id") => id switch
    {
        null or "" => $"The {what} is empty.",
        _ when string.IsNullOrWhiteSpace(id) => $"The {what} is empty or only white space.",
        { Length: > MaxLength } => $"The {what} is longer than {MaxLength} characters.",
        _ when id.Any(char.IsControl) => $"The {what} contains control characters.",
        _ => null,
    };
}
