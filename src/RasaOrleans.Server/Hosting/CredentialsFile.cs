using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Rasa's <c>credentials.yml</c> (<c>--credentials</c>): which input channels the server serves. <c>rest:</c> serves
/// <c>/webhooks/rest/webhook</c>; <c>callback: {url}</c> serves <c>/webhooks/callback/webhook</c> and posts the bot's
/// messages to the url. Without a file only the REST channel is served, as in Rasa. Channels this server does not
/// have are ignored with one log line each.
/// </summary>
public sealed record CredentialsFile(bool Rest, Uri? CallbackUrl, IReadOnlyList<string> IgnoredChannels)
{
    /// <summary>What the server serves without a credentials file.</summary>
    public static CredentialsFile Default { get; } = new(Rest: true, CallbackUrl: null, []);

    /// <summary>Reads and checks the file.</summary>
    public static CredentialsFile Read(string path)
    {
        var root = RasaFiles.ReadMapping(path, "credentials");
        Uri? callback = null;
        if (root.TryGetPropertyValue("callback", out var node))
        {
            var where = $"credentials file '{path}', callback";
            var url = node is JsonObject section ? RasaFiles.OptionalString(section, "url", where) : null;
            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out callback) || callback.Scheme is not ("http" or "https"))
            {
                throw new ConfigurationFileException($"{where} needs a 'url' (http or https) to post the bot's messages to.");
            }
        }

        var ignored = root.Select(p => p.Key).Where(k => k is not ("rest" or "callback")).ToList();
        return new CredentialsFile(root.ContainsKey("rest"), callback, ignored);
    }
}
