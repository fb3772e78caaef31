using Microsoft.AspNetCore.Authorization;
using RasaOrleans.Server.Auth;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Rasa's authentication (<c>--auth_token</c>, <c>--jwt-secret</c>/<c>--jwt-method</c>) as ASP.NET Core
/// authentication and a fallback authorization policy, so every endpoint, including ones added later, is protected
/// unless it is marked <c>[AllowAnonymous]</c> / <c>.AllowAnonymous()</c>.
/// </summary>
public static class AuthExtensions
{
    /// <summary>Registers the scheme and the policy; a bad JWT setting fails here, before the server starts.</summary>
    public static IServiceCollection AddRasaAuth(this IServiceCollection services, RasaOrleansOptions options)
    {
        services.AddSingleton(JwtValidator.Create(options));
        services.AddAuthentication(RasaAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, RasaAuthenticationHandler>(RasaAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, RasaAccessRequirement>();
        services.AddAuthorization(authorization =>
        {
            var policy = new AuthorizationPolicyBuilder(RasaAuthenticationHandler.SchemeName).AddRequirements(new RasaAccessRequirement()).Build();
            authorization.DefaultPolicy = policy;
            authorization.FallbackPolicy = policy;
        });
        return services;
    }
}
