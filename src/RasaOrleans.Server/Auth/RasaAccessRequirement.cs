using Microsoft.AspNetCore.Authorization;

namespace RasaOrleans.Server.Auth;

/// <summary>
/// The default policy of every endpoint not marked <c>[AllowAnonymous]</c> (<c>AllowAnonymous()</c>): role
/// <see cref="RasaRoles.Admin"/> may call it; role <see cref="RasaRoles.User"/> only when it is a conversation route
/// (path <c>/conversations/{id}/…</c> or <c>/conversation/{id}/…</c>, route value <c>id</c> or
/// <c>conversation_id</c>) whose id equals the token's username, as Rasa's <c>requires_auth</c>. Any route added
/// later gets this by default, controllers and minimal APIs alike. A request that matched no route passes, so it
/// gets its 404.
/// </summary>
public sealed class RasaAccessRequirement : AuthorizationHandler<RasaAccessRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RasaAccessRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        if (http?.GetEndpoint() is null)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        var role = context.User.FindFirst(RasaRoles.RoleClaim)?.Value;
        if (role == RasaRoles.Admin
            || (role == RasaRoles.User && ConversationId(http) is { } id && context.User.FindFirst(RasaRoles.UsernameClaim)?.Value == id))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>The conversation a request addresses, when its route is a conversation route.</summary>
    public static string? ConversationId(HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint { RoutePattern.PathSegments: [var first, ..] }
            || first.Parts is not [Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart { Content: "conversations" or "conversation" }])
        {
            return null;
        }

        return (http.GetRouteValue("conversation_id") ?? http.GetRouteValue("id")) as string;
    }
}
