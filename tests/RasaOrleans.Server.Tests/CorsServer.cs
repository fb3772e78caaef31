namespace RasaOrleans.Server.Tests;

/// <summary>The greetbot server allowing CORS from <see cref="AllowedOrigin"/> only.</summary>
public sealed class CorsServer() : RasaServerFactory(new Dictionary<string, string?> { ["RasaOrleans:CorsOrigins:0"] = AllowedOrigin })
{
    public const string AllowedOrigin = "https://allowed.example";
}
