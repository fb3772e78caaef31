using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests.Auth;

/// <summary>
/// Builds JSON Web Tokens by hand (header, payload, signature), as a Rasa user's PyJWT would, so the tests do not
/// check the server's token library against itself.
/// </summary>
public static class TestJwt
{
    public static string Hs256(JsonObject payload, string secret) =>
        Sign("HS256", payload, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    public static string Rs256(JsonObject payload, RSA key) =>
        Sign("RS256", payload, data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>An unsigned token (<c>alg: none</c>, empty signature).</summary>
    public static string None(JsonObject payload) => Sign("none", payload, _ => []);

    /// <summary>Rasa's payload: <c>{"user": {"username", "role"}, "exp"}</c>; <paramref name="expires"/> defaults to an hour from now.</summary>
    public static JsonObject Payload(string? role, string? username = null, DateTimeOffset? expires = null)
    {
        var user = new JsonObject();
        if (role is not null)
        {
            user["role"] = role;
        }

        if (username is not null)
        {
            user["username"] = username;
        }

        return new JsonObject { ["user"] = user, ["exp"] = (expires ?? DateTimeOffset.UtcNow.AddHours(1)).ToUnixTimeSeconds() };
    }

    private static string Sign(string alg, JsonObject payload, Func<byte[], byte[]> signature)
    {
        var header = Base64Url(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" }.ToJsonString()));
        var body = Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signed = $"{header}.{body}";
        return $"{signed}.{Base64Url(signature(Encoding.ASCII.GetBytes(signed)))}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
