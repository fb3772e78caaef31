using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Auth;

/// <summary>
/// Rasa's authentication: with <c>--auth_token T</c>, <c>?token=T</c> or <c>Authorization: Bearer T</c> is an
/// admin; with <c>--jwt-secret</c>, <c>Authorization: Bearer &lt;jwt&gt;</c> is whoever its payload's <c>user</c>
/// names (see <see cref="JwtValidator"/>); both may be configured at once. With neither, every request is an
/// admin (authentication is off, as in Rasa). A refused request gets 401 with a JSON error in the route's shape
/// (<see cref="ApiError"/>); an authenticated one without the right role, 403.
/// </summary>
public sealed class RasaAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<RasaOrleansOptions> options,
    JwtValidator jwt) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Rasa";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authToken = options.Value.AuthToken;
        if (string.IsNullOrEmpty(authToken) && !jwt.Enabled)
        {
            return Admin("none");
        }

        string? query = Request.Query.TryGetValue("token", out var token) ? token.ToString() : null;
        var bearer = BearerToken(Request);

        // the cookie a browser page (the Orleans Dashboard) was given for its own requests, see TokenEndpointConventions
        var cookie = Request.Cookies[TokenEndpointConventions.CookieName];
        if (!string.IsNullOrEmpty(authToken) && (SameToken(query, authToken) || SameToken(bearer, authToken) || SameToken(cookie, authToken)))
        {
            return Admin("auth_token");
        }

        if (jwt.Enabled && bearer is not null)
        {
            var (principal, problem) = await jwt.ValidateAsync(bearer);
            return principal is null
                ? AuthenticateResult.Fail("the token is not valid: " + problem)
                : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }

        return query is null && bearer is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("the token is not valid.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        var message = failure is not null
            ? "Unauthorized: " + failure
            : jwt.Enabled
                ? "Unauthorized: this server requires a token, as 'Authorization: Bearer <jwt>'" +
                  (string.IsNullOrEmpty(options.Value.AuthToken) ? "." : " or ?token=<token>.")
                : "Unauthorized: this server requires a token, as ?token=<token> or 'Authorization: Bearer <token>'.";
        await ApiError.WriteAsync(Context, StatusCodes.Status401Unauthorized, message, "NotAuthenticated");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiError.WriteAsync(Context, StatusCodes.Status403Forbidden,
            "Forbidden: the token's user has insufficient permissions for this route (role 'user' may only use the conversation named by its username).",
            "NotAuthorized");

    private static AuthenticateResult Admin(string how) => AuthenticateResult.Success(new AuthenticationTicket(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(RasaRoles.RoleClaim, RasaRoles.Admin)], how)), SchemeName));

    /// <summary>Whether a presented token is the expected one (a comparison in fixed time).</summary>
    internal static bool SameToken(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? authorization[Bearer.Length..].Trim() : null;
    }
}
