using System.Globalization;
using System.Net;
using System.Text;
using RasaOrleans.Integration.Tests.Processes;

namespace RasaOrleans.Integration.Tests.Telemetry;

/// <summary>
/// The Grafana dashboard tells the truth: a real server process is driven through HTTP and scraped by a real
/// Prometheus, and every query of every panel is evaluated through Prometheus' HTTP API with the dashboard's
/// variables filled in. Each must answer, with plausible values: one silo, NLU latency under a millisecond, the
/// turns that were driven counted by outcome; and a bot that does not exist must empty every panel about bots.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class DashboardQueriesTests
{
    private const string Bot = "default";
    private const int ParseTurns = 24;
    private const int ContinueTurns = 8;
    private const int RefusedTurns = 5;
    private const int RouteParses = 4;

    private static readonly string Dashboard = Path.Combine(RepositoryRoot.Path, "k8s", "grafana", "rasa-orleans-dashboard.json");
    private static readonly string[] Messages = ["hello there", "I am sad", "good morning", "my name is Ada", "bye", "great"];

    [PrometheusFact]
    public async Task Every_dashboard_query_answers_plausibly_for_a_scraped_server()
    {
        await using var server = SiloProcess.StartAlone("metrics", Path.Combine(RepositoryRoot.Path, "models", "greetbot", "model"));
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        await using var prometheus = PrometheusServer.Start(server.HttpPort);
        await prometheus.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var http = server.Http;

        // one turn of each outcome first, scraped before the measured turns, so every rate has a sample before them
        await SendAsync(http, "conversations/warmup/parse", """{"query": "hello"}""", HttpStatusCode.OK);
        await SendAsync(http, "conversations/warmup/continue", """{"executed_action": "no_such_action", "events": []}""", HttpStatusCode.BadRequest);
        await SendAsync(http, "parse", """{"q": "hello"}""", HttpStatusCode.OK);
        await WaitForTurnsAsync(prometheus, accepted: 1, refused: 1);

        for (var i = 0; i < ParseTurns; i++)
        {
            var conversation = $"c{i % 6}";
            await SendAsync(http, $"conversations/{conversation}/parse", $$"""{"query": "{{Messages[i % Messages.Length]}}"}""", HttpStatusCode.OK);
            if (i < ContinueTurns)
            {
                await SendAsync(http, $"conversations/{conversation}/continue",
                    """{"executed_action": "utter_greet", "events": [{"event": "bot", "text": "Hey!"}]}""", HttpStatusCode.OK);
            }
        }

        for (var i = 0; i < RefusedTurns; i++)
        {
            await SendAsync(http, $"conversations/c{i}/continue", """{"executed_action": "no_such_action", "events": []}""", HttpStatusCode.BadRequest);
        }

        for (var i = 0; i < RouteParses; i++)
        {
            await SendAsync(http, "parse", $$"""{"q": "{{Messages[i]}}"}""", HttpStatusCode.OK);
        }

        const int accepted = 1 + ParseTurns + ContinueTurns;
        const int refused = 1 + RefusedTurns;
        await WaitForTurnsAsync(prometheus, accepted, refused);

        // the counter itself: exactly the turns driven, by kind and outcome, nothing else
        var turns = (await prometheus.QueryAsync("sum by (rasa_bot, rasa_turn_kind, rasa_turn_outcome) (rasa_turns_total)"))
            .ToDictionary(s => $"{s.Label("rasa_bot")} {s.Label("rasa_turn_kind")} {s.Label("rasa_turn_outcome")}", s => s.Value);
        Assert.Equal(
            new Dictionary<string, double>
            {
                [$"{Bot} parse accepted"] = 1 + ParseTurns,
                [$"{Bot} continue accepted"] = ContinueTurns,
                [$"{Bot} continue refused"] = refused,
            },
            turns);

        // a window reaching back to Prometheus' start: every rate sees the samples before the measured turns
        var window = $"{(int)(DateTimeOffset.UtcNow - prometheus.Started).TotalSeconds + 30}s";
        var queries = DashboardQuery.Load(Dashboard);
        Assert.NotEmpty(queries);
        var report = new StringBuilder();
        var answers = new Dictionary<DashboardQuery, IReadOnlyList<PrometheusSample>>();
        foreach (var query in queries)
        {
            var samples = await prometheus.QueryAsync(query.Expand(Bot, window));
            answers[query] = samples;
            report.AppendLine(CultureInfo.InvariantCulture, $"{query}: {string.Join("; ", samples)}");
            Assert.True(samples.Count > 0, $"{query} is empty: {query.Expand(Bot, window)}\n{report}");
            Assert.All(samples, s => Assert.True(double.IsFinite(s.Value) && s.Value >= 0, $"{query}: implausible {s}\n{report}"));
        }

        Assert.Equal(1, Single(answers, "Silos reporting", "A").Value);
        var nluP50 = Single(answers, "NLU latency", "A").Value;
        Assert.True(nluP50 is > 0 and < 1, $"NLU p50 {nluP50} ms\n{report}");
        var policyP50 = Single(answers, "Policy latency", "A").Value;
        Assert.True(policyP50 > 0, $"policy p50 {policyP50} ms\n{report}");
        var turnP50 = Single(answers, "Turn latency", "A").Value;
        Assert.True(turnP50 > nluP50, $"turn p50 {turnP50} ms is not above NLU p50 {nluP50} ms\n{report}");
        Assert.InRange(Single(answers, "Fallback rate", "A").Value, 0, 1);

        var byOutcome = answers.Single(a => a.Key.Panel == "Turns in range by outcome").Value.ToDictionary(s => s.Label("rasa_turn_outcome"), s => s.Value);
        Assert.Equal(["accepted", "refused"], byOutcome.Keys.Order());
        // increase() extrapolates to the window's edges: near the driven counts, not exactly them
        Assert.InRange(byOutcome["accepted"], accepted * 0.5, accepted * 1.5);
        Assert.InRange(byOutcome["refused"], refused * 0.5, refused * 1.5);
        var perSecond = answers.Where(a => a.Key.Panel == "Turns per second by outcome").SelectMany(a => a.Value)
            .Select(s => s.Label("rasa_turn_outcome")).Distinct().Order();
        Assert.Equal(["accepted", "refused"], perSecond);

        // the bot filter is applied wherever a panel shows the bots' metrics
        foreach (var query in queries.Where(q => q.Expression.Contains("rasa_", StringComparison.Ordinal)))
        {
            var samples = await prometheus.QueryAsync(query.Expand("no-such-bot", window));
            Assert.True(samples.Count == 0, $"{query} ignores the bot filter: {string.Join("; ", samples)}");
        }
    }

    private static PrometheusSample Single(Dictionary<DashboardQuery, IReadOnlyList<PrometheusSample>> answers, string panel, string refId) =>
        Assert.Single(answers.Single(a => a.Key.Panel == panel && a.Key.RefId == refId).Value);

    private static async Task SendAsync(HttpClient http, string path, string json, HttpStatusCode expected)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // until Prometheus has scraped the counts the server holds now
    private static Task WaitForTurnsAsync(PrometheusServer prometheus, int accepted, int refused) =>
        Eventually.HoldsAsync(async () =>
        {
            var samples = await prometheus.QueryAsync("sum by (rasa_turn_outcome) (rasa_turns_total)");
            var counts = samples.ToDictionary(s => s.Label("rasa_turn_outcome"), s => s.Value);
            return counts.GetValueOrDefault("accepted") == accepted && counts.GetValueOrDefault("refused") == refused;
        }, TimeSpan.FromSeconds(60), $"prometheus scraped {accepted} accepted and {refused} refused turns\n{prometheus.Output()}");
}
