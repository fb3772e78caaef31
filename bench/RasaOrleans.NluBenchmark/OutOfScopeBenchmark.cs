using System.Globalization;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.NluBenchmark;

/// <summary>
/// Out-of-scope detection with whole intents held out. Scenarios: Snips 2017, seven rotations, each training on
/// five intents (70 queries each, draw 0) and holding two out (their validation queries are out of scope, the
/// five intents' validation queries in scope); Braun, each corpus's bot (its training sentences), with the other
/// two corpora's test sentences out of scope. The fallback thresholds are chosen per pipeline and bot by
/// leave-one-intent-out cross-validation on that bot's training portion only (each training intent in turn plays
/// the out-of-scope one, every fifth example of the others is held out in scope), as a bot's owner would; a bot
/// with two intents (Braun Chatbot) cannot hold one out and gets the choice pooled over the other bots' CV.
/// </summary>
internal static class OutOfScopeBenchmark
{
    private static readonly float[] s_thresholds =
        [0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.93f, 0.95f, 0.97f, 0.99f];
    private static readonly float[] s_ambiguities = [0f, 0.05f, 0.1f, 0.2f, 0.3f];

    private sealed record Scenario(string Name, List<NluExample> Train, List<NluExample> InScope, List<NluExample> OutOfScope);

    /// <summary>A scored message: the top two confidences, whether the top intent is right, whether it is in scope.</summary>
    private readonly record struct Scored(double Top, double Second, bool Right, bool InScope);

    public static void Run(IReadOnlyList<BenchmarkSplit> braun, string snipsFolder, IReadOnlyList<(string Name, NluPipelineSettings Settings)> pipelines,
        TextWriter o, TextWriter log)
    {
        var scenarios = Scenarios(braun, snipsFolder);
        o.WriteLine("| pipeline | threshold / ambiguity (CV) | CV in-scope accuracy / OOS recall | scenario | in-scope accuracy | out-of-scope recall | in-scope accuracy without fallback |");
        o.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, baseSettings) in pipelines)
        {
            // the tagger plays no part here; the fallback is applied below from the raw confidences
            var settings = baseSettings with { UseEntityTagger = false, FallbackThreshold = null };
            var cvByScenario = scenarios.ToDictionary(s => s, s => s.Train.Select(e => e.Intent).Distinct().Count() >= 3
                ? LeaveOneIntentOut(s.Train, settings).ToList()
                : null);
            var pooled = Choose([.. cvByScenario.Values.Where(v => v is not null).SelectMany(v => v!)]);
            var totals = new List<Scored>();
            var cvScores = new List<(double Accuracy, double Recall)>();
            var allFallback = new List<bool>();
            foreach (var scenario in scenarios)
            {
                var (threshold, ambiguity, cvScore) = cvByScenario[scenario] is { } own ? Choose(own) : pooled;
                cvScores.Add(cvScore);
                var parser = new NluTrainer(settings).Train(new NluTrainingData { Examples = scenario.Train }).CreateParser();
                var scored = scenario.InScope.Select(e => Score(parser, e, inScope: true))
                    .Concat(scenario.OutOfScope.Select(e => Score(parser, e, inScope: false))).ToList();
                totals.AddRange(scored);
                var (accuracy, recall) = Rates(scored, threshold, ambiguity);
                var (plain, _) = Rates(scored, 0f, 0f);
                allFallback.AddRange(scored.Select(s => s.Top < threshold || s.Top - s.Second < ambiguity));
                o.WriteLine($"| {name} | {threshold.ToString(CultureInfo.InvariantCulture)} / {ambiguity.ToString(CultureInfo.InvariantCulture)}" +
                    $"{(cvByScenario[scenario] is null ? " (pooled)" : "")} | {F(cvScore.Accuracy)} / {F(cvScore.Recall)} | " +
                    $"{scenario.Name} ({scenario.InScope.Count} in / {scenario.OutOfScope.Count} out) | {F(accuracy)} | {F(recall)} | {F(plain)} |");
                log.WriteLine($"OOS {name} {scenario.Name}: threshold {threshold} / {ambiguity}: in-scope {accuracy:0.000}, OOS recall {recall:0.000}");
            }

            var inScope = totals.Select((s, i) => (s, i)).Where(p => p.s.InScope).ToList();
            var outOfScope = totals.Select((s, i) => (s, i)).Where(p => !p.s.InScope).ToList();
            var allAccuracy = inScope.Count(p => p.s.Right && !allFallback[p.i]) / (double)inScope.Count;
            var allRecall = outOfScope.Count(p => allFallback[p.i]) / (double)outOfScope.Count;
            var (allPlain, _) = Rates(totals, 0f, 0f);
            o.WriteLine($"| **{name}** | per bot | | **all ({inScope.Count} in / {outOfScope.Count} out)** | " +
                $"**{F(allAccuracy)}** | **{F(allRecall)}** | {F(allPlain)} |");
            // what chooses between pipelines' confidences without the held-out intents: the bots' mean CV rates
            log.WriteLine($"OOS {name}: mean over the bots of CV in-scope accuracy {cvScores.Average(c => c.Accuracy):0.000}, " +
                $"CV out-of-scope recall {cvScores.Average(c => c.Recall):0.000}, objective {cvScores.Average(c => (c.Accuracy + c.Recall) / 2):0.000}");
        }
    }

    private static List<Scenario> Scenarios(IReadOnlyList<BenchmarkSplit> braun, string snipsFolder)
    {
        var scenarios = new List<Scenario>();
        var intents = SnipsCorpus.Intents;
        var pools = intents.ToDictionary(i => i, i => SnipsCorpus.Sample(
            SnipsCorpus.ReadQueries(Path.Combine(snipsFolder, i, $"train_{i}.json"), i), 70, 0));
        var validation = intents.ToDictionary(i => i, i => SnipsCorpus.ReadQueries(Path.Combine(snipsFolder, i, $"validate_{i}.json"), i));
        for (var k = 0; k < intents.Length; k++)
        {
            string[] held = [intents[k], intents[(k + 1) % intents.Length]];
            var kept = intents.Except(held).ToList();
            scenarios.Add(new Scenario($"Snips without {held[0]}, {held[1]}", [.. kept.SelectMany(i => pools[i])],
                [.. kept.SelectMany(i => validation[i])], [.. held.SelectMany(i => validation[i])]));
        }

        foreach (var split in braun)
        {
            scenarios.Add(new Scenario($"Braun {split.Name}", [.. split.Train.Examples], [.. split.Test],
                [.. braun.Where(b => b != split).SelectMany(b => b.Test)]));
        }

        return scenarios;
    }

    private static IEnumerable<Scored> LeaveOneIntentOut(List<NluExample> train, NluPipelineSettings settings)
    {
        var intents = train.Select(e => e.Intent!).Distinct().ToList();
        for (var j = 0; j < intents.Count; j++)
        {
            var others = train.Where(e => e.Intent != intents[j]).ToList();
            var position = new Dictionary<string, int>();
            var fit = new List<NluExample>();
            var heldIn = new List<NluExample>();
            foreach (var example in others)
            {
                var n = position.GetValueOrDefault(example.Intent!);
                position[example.Intent!] = n + 1;
                (n % 5 == j % 5 ? heldIn : fit).Add(example);
            }

            var parser = new NluTrainer(settings).Train(new NluTrainingData { Examples = fit }).CreateParser();
            foreach (var example in heldIn)
            {
                yield return Score(parser, example, inScope: true);
            }

            foreach (var example in train.Where(e => e.Intent == intents[j]))
            {
                yield return Score(parser, example, inScope: false);
            }
        }
    }

    private static Scored Score(NluParser parser, NluExample example, bool inScope)
    {
        var result = parser.Predict(example.Text);
        var ranking = result.IntentRanking;
        return new Scored(ranking[0].Confidence, ranking.Count > 1 ? ranking[1].Confidence : 0, result.Intent.Name == example.Intent, inScope);
    }

    /// <summary>The thresholds with the best mean of in-scope accuracy and out-of-scope recall (ties: the lower ones).</summary>
    private static (float Threshold, float Ambiguity, (double Accuracy, double Recall) Score) Choose(List<Scored> cv)
    {
        var best = (Threshold: 0f, Ambiguity: 0f, Score: (Accuracy: 0.0, Recall: 0.0));
        var bestValue = double.NegativeInfinity;
        foreach (var t in s_thresholds)
        {
            foreach (var a in s_ambiguities)
            {
                var rates = Rates(cv, t, a);
                var value = (rates.Accuracy + rates.Recall) / 2;
                if (value > bestValue + 1e-12)
                {
                    bestValue = value;
                    best = (t, a, rates);
                }
            }
        }

        return best;
    }

    private static (double Accuracy, double Recall) Rates(List<Scored> scored, float threshold, float ambiguity)
    {
        bool Fallback(Scored s) => s.Top < threshold || s.Top - s.Second < ambiguity;
        var inScope = scored.Where(s => s.InScope).ToList();
        var outOfScope = scored.Where(s => !s.InScope).ToList();
        return (inScope.Count == 0 ? double.NaN : inScope.Count(s => s.Right && !Fallback(s)) / (double)inScope.Count,
            outOfScope.Count == 0 ? double.NaN : outOfScope.Count(Fallback) / (double)outOfScope.Count);
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
