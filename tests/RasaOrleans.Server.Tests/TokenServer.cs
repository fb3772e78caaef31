namespace RasaOrleans.Server.Tests;

/// <summary>The greetbot server with <c>RasaOrleans:AuthToken</c> set to <see cref="Token"/>.</summary>
public sealed class TokenServer() : RasaServerFactory(new Dictionary<string, string?> { ["RasaOrleans:AuthToken"] = Token })
{
    public const string Token = "s3cret-token";
}
