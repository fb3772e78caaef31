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
        var id = context.RouteData.Values["id"] as string;
        var problem = id switch
        {
            null or "" => "The conversation id is empty.",
            { Length: > MaxLength } => $"The conversation id is longer than {MaxLength} characters.",
            _ when id.Any(char.IsControl) => "The conversation id contains control characters.",
            _ => null,
        };
        if (problem is not null)
        {
            context.Result = JsonError.Result(StatusCodes.Status400BadRequest, problem);
        }
    }
}
