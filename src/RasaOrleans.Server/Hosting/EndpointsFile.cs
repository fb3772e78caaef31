using System.Text.Json.Nodes;
using RasaOrleans.Grains.Actions;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Rasa's <c>endpoints.yml</c> (<c>--endpoints</c>): <c>action_endpoint: {url, token?, token_name?, headers?}</c>
/// configures the action server. The other sections (<c>tracker_store</c>, <c>lock_store</c>, <c>event_broker</c>,
/// <c>models</c>, <c>nlg</c>…) are what this server does its own way: each is ignored with one log line.
/// </summary>
public sealed record EndpointsFile(Uri? ActionServerUrl, string? Token, string? TokenName, IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<string> IgnoredSections)
{
    public const string ActionEndpointSection = "action_endpoint";

    /// <summary>Reads and checks the file.</summary>
    public static EndpointsFile Read(string path)
    {
        var root = RasaFiles.ReadMapping(path, "endpoints");
        var ignored = root.Select(p => p.Key).Where(k => k != ActionEndpointSection).ToList();
        if (root[ActionEndpointSection] is not { } node)
        {
            return new EndpointsFile(null, null, null, new Dictionary<string, string>(), ignored);
        }

        var where = $"endpoints file '{path}', {ActionEndpointSection}";
        if (node is not JsonObject section)
        {
            throw new ConfigurationFileException($"{where} must be a mapping with a 'url'.");
        }

        var url = RasaFiles.OptionalString(section, "url", where) ?? throw new ConfigurationFileException($"{where} has no 'url'.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationFileException($"{where}: 'url' must be an http(s) URL, got '{url}'.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        switch (section["headers"])
        {
            case null:
                break;
            case JsonObject given:
                foreach (var (name, value) in given)
                {
                    headers[name] = value is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString())
                        : throw new ConfigurationFileException($"{where}: header '{name}' must be a string.");
                }

                break;
            default:
                throw new ConfigurationFileException($"{where}: 'headers' must be a mapping.");
        }

        return new EndpointsFile(uri, RasaFiles.OptionalString(section, "token", where), RasaFiles.OptionalString(section, "token_name", where),
            headers, ignored);
    }

    /// <summary>Copies the action endpoint into the client's options.</summary>
    public void ApplyTo(ActionServerOptions options)
    {
        if (ActionServerUrl is null)
        {
            return;
        }

        options.Url = ActionServerUrl;
        options.Token = Token;
        options.TokenName = TokenName ?? options.TokenName;
        foreach (var (name, value) in Headers)
        {
            options.Headers[name] = value;
        }
    }
}
