using System.Globalization;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.NluBenchmark;

/// <summary>
/// Entity values never seen in training. Each (entity type, value) pair is put in half A or half B by a fixed
/// hash; a sentence whose values are all in A may be trained on, one whose values are all in B is an "unseen"
/// test sentence; "seen" test sentences have all values in A but were not trained on. Snips 2017: per intent,
/// from the full training set (`train_*_full.json`), up to 300 training sentences and 200 seen test sentences
/// (every third A-sentence) and 200 unseen test sentences. Braun: all of a corpus's sentences, every third A-sentence held out as seen.
/// Span-exact entity micro F1 (type, start and end), Snips averaged over intents. A value's half is drawn per
/// (type, value) pair, so a type with few distinct values may have all of them in half B: the "unseen, trained types"
/// column leaves out the gold entities of types no training sentence has (no tagger can name a type it never saw)
/// and counts every prediction, so it measures new values of known types, the case of "i love X food".
/// </summary>
internal static class UnseenValuesBenchmark
{
    public static void Run(IReadOnlyList<BenchmarkSplit> braun, string snipsFolder, IReadOnlyList<(string Name, NluPipelineSettings Settings)> pipelines,
        TextWriter o, TextWriter log)
    {
        var sets = Sets(braun, snipsFolder);
        o.WriteLine("| pipeline | data | train | seen test | unseen test | entity F1 seen | entity F1 unseen | unseen, trained types (gold of untrained types left out) |");
        o.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, settings) in pipelines)
        {
            var snipsSeen = new List<double>();
            var snipsUnseen = new List<double>();
            var snipsKnown = new List<double>();
            (int Tp, int Predicted, int Gold) braunKnown = default;
            int braunSeenTp = 0, braunSeenPredicted = 0, braunSeenGold = 0, braunUnseenTp = 0, braunUnseenPredicted = 0, braunUnseenGold = 0;
            foreach (var (data, train, seen, unseen) in sets)
            {
                var parser = new NluTrainer(settings).Train(new NluTrainingData { Examples = train }).CreateParser();
                var s = Count(parser, seen);
                var u = Count(parser, unseen);
                var trainedTypes = train.SelectMany(e => e.Entities).Select(e => e.Entity).ToHashSet(StringComparer.Ordinal);
                var k = Count(parser, unseen, trainedTypes);
                var untrained = unseen.Sum(e => e.Entities.Count(x => !trainedTypes.Contains(x.Entity)));
                o.WriteLine($"| {name} | {data} | {train.Count} | {seen.Count} | {unseen.Count} | {F(F1(s))} | {F(F1(u))} | {F(F1(k))} ({untrained}) |");
                log.WriteLine($"Unseen {name} {data}: seen {F1(s):0.000}, unseen {F1(u):0.000}");
                if (data.StartsWith("Snips", StringComparison.Ordinal))
                {
                    snipsSeen.Add(F1(s));
                    snipsUnseen.Add(F1(u));
                    snipsKnown.Add(F1(k));
                }
                else
                {
                    braunKnown = Add(braunKnown, k);
                    (braunSeenTp, braunSeenPredicted, braunSeenGold) = (braunSeenTp + s.Tp, braunSeenPredicted + s.Predicted, braunSeenGold + s.Gold);
                    (braunUnseenTp, braunUnseenPredicted, braunUnseenGold) = (braunUnseenTp + u.Tp, braunUnseenPredicted + u.Predicted, braunUnseenGold + u.Gold);
                }
            }

            o.WriteLine($"| **{name}** | **Snips, mean of 7 intents** | | | | **{F(snipsSeen.Average())}** | **{F(snipsUnseen.Average())}** | **{F(snipsKnown.Average())}** |");
            o.WriteLine($"| **{name}** | **Braun, 3 corpora (micro)** | | | | **{F(F1((braunSeenTp, braunSeenPredicted, braunSeenGold)))}** | " +
                $"**{F(F1((braunUnseenTp, braunUnseenPredicted, braunUnseenGold)))}** | **{F(F1(braunKnown))}** |");
        }
    }

    /// <summary>The benchmark's data sets: per Snips intent and per Braun corpus, training, seen and unseen test sentences.</summary>
    private static List<(string Name, List<NluExample> Train, List<NluExample> Seen, List<NluExample> Unseen)> Sets(
        IReadOnlyList<BenchmarkSplit> braun, string snipsFolder)
    {
        var sets = new List<(string Name, List<NluExample> Train, List<NluExample> Seen, List<NluExample> Unseen)>();
        foreach (var intent in SnipsCorpus.Intents)
        {
            var all = SnipsCorpus.ReadQueries(Path.Combine(snipsFolder, intent, $"train_{intent}_full.json"), intent);
            var a = all.Where(e => e.Entities.All(InHalfA)).ToList();
            var b = all.Where(e => e.Entities.Count > 0 && e.Entities.All(x => !InHalfA(x))).ToList();
            sets.Add(($"Snips {intent}", [.. a.Where((_, i) => i % 3 != 2).Take(300)],
                [.. a.Where((e, i) => i % 3 == 2 && e.Entities.Count > 0).Take(200)], [.. b.Take(200)]));
        }

        foreach (var split in braun)
        {
            var all = split.Train.Examples.Concat(split.Test).ToList();
            var a = all.Where(e => e.Entities.All(InHalfA)).ToList();
            var seen = a.Where((e, i) => i % 3 == 2 && e.Entities.Count > 0).ToList();
            sets.Add(($"Braun {split.Name}", [.. a.Except(seen)], seen, [.. all.Where(e => e.Entities.Count > 0 && e.Entities.All(x => !InHalfA(x)))]));
        }

        return sets;
    }

    /// <summary>
    /// Chooses tagger settings for unseen values without touching any test sentence: inside each set's training
    /// sentences only (for Braun, only those that are also in the corpus's <c>training: true</c> part), the values
    /// are split again by a second hash into halves 1 and 2; a model trained on two thirds of the half-1 sentences
    /// is tested on the other third (seen) and on the half-2 sentences (unseen), and the same with the halves swapped;
    /// three such second hashes, counts summed.
    /// </summary>
    public static void RunCrossValidation(IReadOnlyList<BenchmarkSplit> braun, string snipsFolder, IReadOnlyList<string> configs,
        NluPipelineSettings baseSettings, TextWriter o)
    {
        var braunTraining = braun.SelectMany(s => s.Train.Examples).ToHashSet();
        var pools = Sets(braun, snipsFolder)
            .Select(s => (s.Name, Pool: s.Name.StartsWith("Braun", StringComparison.Ordinal) ? [.. s.Train.Where(braunTraining.Contains)] : s.Train))
            .ToList();
        o.WriteLine("Unseen-value cross-validation (training portions only; values split again inside them)");
        o.WriteLine("| config | Snips seen (CV) | Snips unseen (CV) | Braun seen (CV; gold entities) | Braun unseen (CV; gold entities) | seconds |");
        o.WriteLine("|---|---|---|---|---|---|");
        foreach (var config in configs)
        {
            var settings = CrossValidation.Apply(baseSettings, config);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var snipsSeen = new List<double>();
            var snipsUnseen = new List<double>();
            (int Tp, int Predicted, int Gold) braunSeen = default, braunUnseen = default;
            foreach (var (name, pool) in pools)
            {
                (int Tp, int Predicted, int Gold) seen = default, unseen = default;
                foreach (var (salt, half) in new uint[] { 1, 2, 3 }.SelectMany(salt => new[] { (salt, true), (salt, false) }))
                {
                    var mine = pool.Where(e => e.Entities.All(x => InHalf(x, salt) == half)).ToList();
                    var other = pool.Where(e => e.Entities.Count > 0 && e.Entities.All(x => InHalf(x, salt) != half)).ToList();
                    var train = mine.Where((_, i) => i % 3 != 2).ToList();
                    if (train.Count == 0 || train.All(e => e.Entities.Count == 0))
                    {
                        continue;
                    }

                    var parser = new NluTrainer(settings).Train(new NluTrainingData { Examples = train }).CreateParser();
                    seen = Add(seen, Count(parser, [.. mine.Where((e, i) => i % 3 == 2 && e.Entities.Count > 0)]));
                    unseen = Add(unseen, Count(parser, other));
                }

                if (name.StartsWith("Snips", StringComparison.Ordinal))
                {
                    snipsSeen.Add(F1(seen));
                    snipsUnseen.Add(F1(unseen));
                }
                else
                {
                    braunSeen = Add(braunSeen, seen);
                    braunUnseen = Add(braunUnseen, unseen);
                }
            }

            o.WriteLine($"| {config} | {F(snipsSeen.Average())} | {F(snipsUnseen.Average())} | {F(F1(braunSeen))} ({braunSeen.Gold}) | " +
                $"{F(F1(braunUnseen))} ({braunUnseen.Gold}) | " +
                $"{watch.Elapsed.TotalSeconds:0} |");
        }
    }

    private static (int Tp, int Predicted, int Gold) Add((int Tp, int Predicted, int Gold) a, (int Tp, int Predicted, int Gold) b) =>
        (a.Tp + b.Tp, a.Predicted + b.Predicted, a.Gold + b.Gold);

    private static bool InHalfA(NluEntity entity) => InHalf(entity, 0);

    private static bool InHalf(NluEntity entity, uint salt)
    {
        // FNV-1a over type and lower-cased value (salted for the second split): the same halves on every run and machine
        var hash = 2166136261u ^ salt;
        foreach (var c in entity.Entity + "\u001f" + entity.Value.Trim().ToLowerInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return salt == 0 ? hash % 2 == 0 : (hash >> (int)(5 + salt)) % 2 == 0;
    }

    /// <param name="types">When given, gold entities of other types are left out (predictions all count).</param>
    private static (int Tp, int Predicted, int Gold) Count(NluParser parser, List<NluExample> test, IReadOnlySet<string>? types = null)
    {
        int tp = 0, predicted = 0, gold = 0;
        foreach (var example in test)
        {
            IReadOnlyList<NluEntity> golds = types is null ? example.Entities : [.. example.Entities.Where(e => types.Contains(e.Entity))];
            var expected = golds.Select(e => (e.Entity, e.Start, e.End)).ToList();
            foreach (var entity in parser.Predict(example.Text).Entities)
            {
                predicted++;
                tp += expected.Remove((entity.Entity, entity.Start, entity.End)) ? 1 : 0;
            }

            gold += golds.Count;
        }

        return (tp, predicted, gold);
    }

    private static double F1((int Tp, int Predicted, int Gold) c)
    {
        var precision = c.Predicted == 0 ? 0 : c.Tp / (double)c.Predicted;
        var recall = c.Gold == 0 ? 0 : c.Tp / (double)c.Gold;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
