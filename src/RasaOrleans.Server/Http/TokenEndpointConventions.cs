using Microsoft.Extensions.Options;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Http;

/// <summary>
/// The API's token check (<see cref="TokenAuthFilter"/>) for endpoints that are not controllers (the Orleans
/// Dashboard): a request without the right token gets the same 401 JSON error.
/// </summary>
public static class TokenEndpointConventions
{
    /// <summary>The cookie that carries the token for a browser page's own requests (its scripts cannot add it).</summary>
    public const string CookieName = "rasa_token";

    /// <summary>
    /// Wraps every endpoint of <paramref name="builder"/> in the token check. A page opened with a valid
    /// <c>?token=</c> gets it as an HTTP-only cookie scoped to <paramref name="cookiePath"/>, which its later
    /// requests present in its place.
    /// </summary>
    public static TBuilder RequireRasaToken<TBuilder>(this TBuilder builder, string cookiePath)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RasaOrleansOptions>>().Value;
                var presented = TokenAuthFilter.PresentedToken(context.Request) ?? context.Request.Cookies[CookieName];
                if (TokenAuthFilter.Problem(presented, options.AuthToken) is { } problem)
                {
                    await JsonError.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, problem);
                    return;
                }

                if (!string.IsNullOrEmpty(options.AuthToken) && context.Request.Query.ContainsKey("token"))
                {
                    context.Response.Cookies.Append(CookieName, presented!, new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = SameSiteMode.Strict,
                        Path = cookiePath,
                        Secure = context.Request.IsHttps,
                    });
                }

                await inner(context);
            };
        });
        return builder;
    }
}
