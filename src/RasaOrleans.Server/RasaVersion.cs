namespace RasaOrleans.Server;

/// <summary>The Rasa Core release whose HTTP contract this server answers to.</summary>
public static class RasaVersion
{
    /// <summary>Reported by <c>GET /</c> and <c>GET /version</c>.</summary>
    public const string Current = "0.10.4";
}
