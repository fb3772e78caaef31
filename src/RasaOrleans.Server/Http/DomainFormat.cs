namespace RasaOrleans.Server.Http;

/// <summary>The representations <c>GET /domain</c> offers.</summary>
public enum DomainFormat
{
    Json,
    Yaml,
}
