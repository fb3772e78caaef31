namespace RasaOrleans.Server.Auth;

/// <summary>
/// Rasa's roles and the claims a request's principal carries: a JWT's <c>user.role</c> and
/// <c>user.username</c>, or <see cref="Admin"/> for the <c>--auth_token</c> (and for every request when no
/// authentication is configured).
/// </summary>
public static class RasaRoles
{
    /// <summary>May call every route.</summary>
    public const string Admin = "admin";

    /// <summary>May call only the conversation routes of the conversation whose id is its <see cref="UsernameClaim"/>.</summary>
    public const string User = "user";

    public const string RoleClaim = "rasa:role";

    public const string UsernameClaim = "rasa:username";
}
