using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Auth;

/// <summary>
/// Checks JSON Web Tokens as Rasa does (<c>--jwt-secret</c>, <c>--jwt-method</c>): the signature with the shared
/// secret (HS256/384/512) or the public key (RS256/384/512; the PEM text or a PEM file), only the configured
/// algorithm (so neither <c>alg: none</c> nor a token of the other family passes), and <c>exp</c>/<c>nbf</c> when
/// present, without leeway. Issuer and audience are not checked (Rasa does not). The payload's <c>user</c> object
/// gives the role and username.
/// </summary>
public sealed class JwtValidator
{
    /// <summary>The signing methods accepted for <c>--jwt-method</c>.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512"];

    // HMAC pads a key shorter than its block size with zeros (RFC 2104), so a short secret padded to the 256 bits
    // the token library insists on signs and verifies exactly as the short secret does (Rasa accepts any secret).
    private const int MinimumHmacKeyBytes = 32;

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;

    private JwtValidator(TokenValidationParameters? parameters) => _parameters = parameters;

    /// <summary>True when <c>--jwt-secret</c> is set.</summary>
    public bool Enabled => _parameters is not null;

    /// <summary>
    /// The validator for the settings; throws <see cref="InvalidOperationException"/> naming the problem when the
    /// method is unknown or the RS key cannot be read, so a misconfigured server does not start.
    /// </summary>
    public static JwtValidator Create(RasaOrleansOptions options)
    {
        if (string.IsNullOrEmpty(options.JwtSecret))
        {
            return new JwtValidator(null);
        }

        var method = options.JwtMethod.Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            throw new InvalidOperationException($"--jwt-method '{options.JwtMethod}' is not supported; use one of {string.Join(", ", Methods)}.");
        }

        SecurityKey key = method.StartsWith("HS", StringComparison.Ordinal) ? HmacKey(options.JwtSecret) : RsaKey(options.JwtSecret);
        return new JwtValidator(new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [method],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            ClockSkew = TimeSpan.Zero,
        });
    }

    /// <summary>The token's principal (role and username claims), or the reason it is refused.</summary>
    public async Task<(ClaimsPrincipal? Principal, string Problem)> ValidateAsync(string token)
    {
        if (_parameters is null)
        {
            return (null, "JWT authentication is not configured.");
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return (null, Describe(result.Exception));
        }

        var claims = new List<Claim>();
        if (result.SecurityToken is JsonWebToken jwt && jwt.TryGetClaim("user", out var user) && ParseObject(user.Value) is { } userObject)
        {
            if (userObject["role"] is JsonValue role && role.TryGetValue<string>(out var roleName))
            {
                claims.Add(new Claim(RasaRoles.RoleClaim, roleName));
            }

            if (userObject["username"] is JsonValue name && name.TryGetValue<string>(out var username))
            {
                claims.Add(new Claim(RasaRoles.UsernameClaim, username));
            }
        }

        return (new ClaimsPrincipal(new ClaimsIdentity(claims, "jwt")), "");
    }

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenExpiredException => "the token has expired.",
        SecurityTokenNotYetValidException => "the token is not valid yet.",
        SecurityTokenInvalidAlgorithmException => "the token is not signed with the algorithm this server accepts.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature is not valid.",
        SecurityTokenMalformedException or ArgumentException => "the token is not a well-formed JWT.",
        _ => "the token is not valid.",
    };

    private static SymmetricSecurityKey HmacKey(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < MinimumHmacKeyBytes)
        {
            Array.Resize(ref bytes, MinimumHmacKeyBytes);
        }

        return new SymmetricSecurityKey(bytes);
    }

    private static RsaSecurityKey RsaKey(string secret)
    {
        var pem = secret.Contains("-----BEGIN", StringComparison.Ordinal) ? secret
            : File.Exists(secret) ? File.ReadAllText(secret)
            : throw new InvalidOperationException("--jwt-secret must be a PEM public key (or the path of a PEM file) for an RS --jwt-method.");
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"--jwt-secret: the RSA key could not be read ({e.Message}).", e);
        }

        // only the public half is kept, whatever the PEM held
        var publicKey = RSA.Create(rsa.ExportParameters(includePrivateParameters: false));
        rsa.Dispose();
        return new RsaSecurityKey(publicKey);
    }
}
