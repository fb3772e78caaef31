using System.Text.Json.Serialization;

namespace RasaOrleans.Server.Controllers;

/// <summary>Body of <c>GET /version</c>.</summary>
public sealed record VersionResponse([property: JsonPropertyName("version")] string Version);
