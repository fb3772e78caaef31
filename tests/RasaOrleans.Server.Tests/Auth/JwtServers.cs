using System.Security.Cryptography;

namespace RasaOrleans.Server.Tests.Auth;

/// <summary>The greetbot server with <c>--jwt-secret</c> (HS256, a short secret as Rasa users write them) and no auth token.</summary>
public sealed class JwtServer() : RasaServerFactory(new Dictionary<string, string?> { ["RasaOrleans:JwtSecret"] = Secret })
{
    public const string Secret = "rasa-secret";
}

/// <summary>The greetbot server with <c>--jwt-method RS256</c> and a public key as <c>--jwt-secret</c>, plus <c>--auth_token</c>.</summary>
public sealed class RsaJwtServer() : RasaServerFactory(new Dictionary<string, string?>
{
    ["RasaOrleans:JwtSecret"] = PublicKeyPem,
    ["RasaOrleans:JwtMethod"] = "RS256",
    ["RasaOrleans:AuthToken"] = AuthToken,
})
{
    public const string AuthToken = "plain-token";

    /// <summary>The key pair whose public half the server trusts.</summary>
    public static RSA Key { get; } = RSA.Create(2048);

    public static string PublicKeyPem { get; } = Key.ExportSubjectPublicKeyInfoPem();
}
