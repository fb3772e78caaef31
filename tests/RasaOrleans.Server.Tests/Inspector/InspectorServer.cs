using System.Globalization;

namespace RasaOrleans.Server.Tests.Inspector;

/// <summary>
/// The whole server on a real localhost port (Kestrel, not the in-memory test server), so a browser can reach it;
/// with an auth token, as the inspector must work behind one.
/// </summary>
public sealed class InspectorServer : IAsyncDisposable
{
    public const string Token = "inspector-s3cret";

    private readonly RasaServerFactory _factory;

    public InspectorServer()
    {
        Port = FreeTcpPort.Next();
        _factory = RasaServerFactory.WithSettings(new Dictionary<string, string?>
        {
            ["RasaOrleans:AuthToken"] = Token,
            ["RasaOrleans:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        });
        _factory.UseKestrel(Port);
        _factory.StartServer();
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        Api = new RasaClient(Http);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Calls with the token.</summary>
    public HttpClient Http { get; }

    public RasaClient Api { get; }

    /// <summary>An inspector URL with the token in the query string, as a user opens it: <c>path?token=…fragment</c>.</summary>
    public string Url(string path, string fragment = "") => $"{BaseAddress}{path.TrimStart('/')}?token={Token}{fragment}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
