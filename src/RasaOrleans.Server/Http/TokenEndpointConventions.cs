using Microsoft.Extensions.Options;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Http;

/// <summary>
/// For a browser page that is not a controller (the Orleans Dashboard): its own script requests cannot add the
/// token, so a page opened with a valid <c>?token=</c> gets it as an HTTP-only cookie scoped to the page's path,
/// which <see cref="Auth.RasaAuthenticationHandler"/> accepts in its place. Authentication itself is the API's (the
/// fallback policy covers these endpoints like every other).
/// </summary>
public static class TokenEndpointConventions
{
    /// <summary>The cookie that carries the <c>--auth_token</c> for a browser page's own requests.</summary>
    public const string CookieName = "rasa_token";

    /// <summary>Hands a request's valid <c>?token=</c> to the page as a cookie scoped to <paramref name="cookiePath"/>.</summary>
    public static TBuilder RequireRasaToken<TBuilder>(this TBuilder builder, string cookiePath)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                // only reached once authenticated: a ?token= here is the valid --auth_token
                var options = context.RequestServices.GetRequiredService<IOptions<RasaOrleansOptions>>().Value;
                if (!string.IsNullOrEmpty(options.AuthToken) && context.Request.Query.TryGetValue("token", out var token)
                    && Auth.RasaAuthenticationHandler.SameToken(token.ToString(), options.AuthToken))
                {
                    context.Response.Cookies.Append(CookieName, options.AuthToken, new CookieOptions
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
