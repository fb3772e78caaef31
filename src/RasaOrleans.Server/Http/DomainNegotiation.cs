using Microsoft.Extensions.Primitives;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Picks the <c>GET /domain</c> representation from <c>Accept</c> (spec §4.11): the first media range that
/// ends in <c>json</c> gives JSON, in <c>yml</c>/<c>yaml</c> YAML. No header and <c>*/*</c> give JSON — unlike
/// upstream, which answered curl's default <c>*/*</c> with 406. Anything else: null (406).
/// </summary>
public static class DomainNegotiation
{
    public const string YamlContentType = "application/x-yml";

    public const string NotAcceptableMessage =
        "Invalid Accept header. The domain can be provided as JSON (\"Accept: application/json\") or YAML " +
        "(\"Accept: application/x-yml\"). Make sure you have set the Accept header accordingly.";

    public static DomainFormat? Choose(StringValues accept)
    {
        var ranges = accept.SelectMany(v => (v ?? "").Split(',')).Select(r => r.Split(';')[0].Trim()).Where(r => r.Length > 0).ToList();
        if (ranges.Count == 0)
        {
            return DomainFormat.Json;
        }

        foreach (var range in ranges)
        {
            if (range.EndsWith("json", StringComparison.OrdinalIgnoreCase) || range == "*/*" || range.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            {
                return DomainFormat.Json;
            }

            if (range.EndsWith("yml", StringComparison.OrdinalIgnoreCase) || range.EndsWith("yaml", StringComparison.OrdinalIgnoreCase))
            {
                return DomainFormat.Yaml;
            }
        }

        return null;
    }
}
