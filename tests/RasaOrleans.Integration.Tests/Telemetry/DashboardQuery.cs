using System.Text.Json;

namespace RasaOrleans.Integration.Tests.Telemetry;

/// <summary>One query of a Grafana dashboard panel (<c>panels[].targets[].expr</c>).</summary>
public sealed record DashboardQuery(string Panel, string RefId, string Legend, string Expression)
{
    /// <summary>Every query of every panel (rows' nested panels too) of the dashboard JSON at <paramref name="path"/>.</summary>
    public static IReadOnlyList<DashboardQuery> Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var queries = new List<DashboardQuery>();
        Collect(json.RootElement.GetProperty("panels"), queries);
        return queries;
    }

    /// <summary>
    /// The expression with Grafana's variables replaced as Grafana would: <c>$bot</c> by a regex of bots,
    /// <c>$__rate_interval</c>, <c>$__range</c> and <c>$__interval</c> by <paramref name="window"/>.
    /// </summary>
    public string Expand(string botRegex, string window) => Expression
        .Replace("${bot}", botRegex, StringComparison.Ordinal)
        .Replace("$bot", botRegex, StringComparison.Ordinal)
        .Replace("$__rate_interval", window, StringComparison.Ordinal)
        .Replace("$__range", window, StringComparison.Ordinal)
        .Replace("$__interval", window, StringComparison.Ordinal);

    public override string ToString() => $"\"{Panel}\" {RefId} ({Legend})";

    private static void Collect(JsonElement panels, List<DashboardQuery> into)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    into.Add(new DashboardQuery(
                        title,
                        target.TryGetProperty("refId", out var refId) ? refId.GetString() ?? "" : "",
                        target.TryGetProperty("legendFormat", out var legend) ? legend.GetString() ?? "" : "",
                        target.GetProperty("expr").GetString() ?? ""));
                }
            }

            if (panel.TryGetProperty("panels", out var nested))
            {
                Collect(nested, into);
            }
        }
    }
}
