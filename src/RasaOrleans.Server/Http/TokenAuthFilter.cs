using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Token authentication (spec §3.3, 0.9.3+): when <see cref="RasaOrleansOptions.AuthToken"/> is set, every
/// controller route except those marked <see cref="AllowAnonymousAttribute"/> (<c>GET /</c>, <c>GET /version</c>)
/// needs <c>?token=&lt;token&gt;</c> (Rasa's way) or <c>Authorization: Bearer &lt;token&gt;</c>; otherwise 401
/// with a JSON error. Health and metrics endpoints are not controllers and stay open. Registered once, globally.
/// </summary>
public sealed class TokenAuthFilter(IOptions<RasaOrleansOptions> options) : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        if (Problem(PresentedToken(context.HttpContext.Request), options.Value.AuthToken) is { } problem)
        {
            context.Result = JsonError.Result(StatusCodes.Status401Unauthorized, problem);
        }
    }

    /// <summary>Why a request presenting <paramref name="presented"/> is refused, or null when it may pass (also when no token is set).</summary>
    public static string? Problem(string? presented, string? expected) =>
        string.IsNullOrEmpty(expected) ? null
        : presented is null ? "Unauthorized: this server requires a token, as ?token=<token> or 'Authorization: Bearer <token>'."
        : !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)) ? "Unauthorized: the token is not valid."
        : null;

    /// <summary>The token a request presents: <c>?token=</c>, else <c>Authorization: Bearer</c>; null when none.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        if (request.Query.TryGetValue("token", out var token))
        {
            return token.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? authorization[Bearer.Length..].Trim() : null;
    }
}
