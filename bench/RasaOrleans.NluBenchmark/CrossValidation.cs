using System.Diagnostics;
using System.Globalization;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.NluBenchmark;

/// <summary>
/// Chooses settings without looking at any test set: k-fold cross-validation on the training portions only
/// (Braun: the <c>training: true</c> sentences; Snips: the 70 sampled training queries of each intent).
/// </summary>
internal static class CrossValidation
{
    public static void Run(IReadOnlyList<BenchmarkSplit> braun, string snipsFolder, IReadOnlyList<string> configs,
        NluPipelineSettings baseSettings, int folds, bool runNlpJs, bool runSnips, TextWriter o, TextWriter log)
    {
        // NLP.js on the same folds of the same training portions, so that its CV figure stands next to ours
        var foldSplits = braun.SelectMany(split => Folds(split.Train.Examples, folds).Select((f, i) =>
            new BenchmarkSplit($"{split.Name}#{i}", With(split.Train, f.Train), f.Test))).ToList();
        bool[]? nlpJsRight = null;
        string? nlpJsRow = null;
        if (runNlpJs)
        {
            var (version, results) = NlpJsRunner.Run(foldSplits, warmupMs: 0, rounds: 0, log);
            nlpJsRight = [.. foldSplits.Zip(results).SelectMany(p => p.First.Test.Zip(p.Second.Predictions).Select(x => x.First.Intent == x.Second))];
            var perCorpus = braun.Select(split =>
            {
                var right = foldSplits.Zip(results).Where(p => p.First.Name.StartsWith(split.Name + "#", StringComparison.Ordinal))
                    .Sum(p => p.First.Test.Zip(p.Second.Predictions).Count(x => x.First.Intent == x.Second));
                return $"{right}/{split.Train.Examples.Count}";
            });
            var total = braun.Sum(s => s.Train.Examples.Count);
            nlpJsRow = $"| NLP.js {version} | {nlpJsRight.Count(r => r)}/{total} = {nlpJsRight.Count(r => r) / (double)total:0.000} | " +
                $"{string.Join(" ", perCorpus)} | | | | |";
        }

        o.WriteLine($"Cross-validation ({folds} folds, training portions only)");
        o.WriteLine("| config | Braun intent (CV) | per corpus | vs NLP.js: only ours right / only NLP.js right | Braun entity F1 (CV) | Snips slot F1 (CV) | seconds |");
        o.WriteLine("|---|---|---|---|---|---|---|");
        if (nlpJsRow is not null)
        {
            o.WriteLine(nlpJsRow);
        }

        var snips = (runSnips ? SnipsCorpus.Intents : []).Select(intent => SnipsCorpus.Sample(
            SnipsCorpus.ReadQueries(Path.Combine(snipsFolder, intent, $"train_{intent}.json"), intent), 70, 0)).ToList();
        foreach (var config in configs)
        {
            var settings = Apply(baseSettings, config);
            var watch = Stopwatch.StartNew();
            int correct = 0, total = 0, tp = 0, predicted = 0, gold = 0;
            var perCorpus = new List<string>();
            // per held-out sentence, in the order of foldSplits: whether the intent was right
            var right = new List<bool>();
            foreach (var split in braun)
            {
                var c = 0;
                foreach (var (train, test) in Folds(split.Train.Examples, folds))
                {
                    var parser = new NluTrainer(settings).Train(With(split.Train, train)).CreateParser();
                    foreach (var example in test)
                    {
                        var result = parser.Predict(example.Text);
                        right.Add(result.Intent.Name == example.Intent);
                        c += result.Intent.Name == example.Intent ? 1 : 0;
                        var expected = example.Entities.Select(e => (e.Entity, e.Start, e.End)).ToList();
                        foreach (var entity in result.Entities)
                        {
                            predicted++;
                            tp += expected.Remove((entity.Entity, entity.Start, entity.End)) ? 1 : 0;
                        }

                        gold += example.Entities.Count;
                    }
                }

                perCorpus.Add($"{c}/{split.Train.Examples.Count}");
                correct += c;
                total += split.Train.Examples.Count;
            }

            var paired = nlpJsRight is null
                ? ""
                : $"{right.Zip(nlpJsRight).Count(p => p.First && !p.Second)} / {right.Zip(nlpJsRight).Count(p => !p.First && p.Second)}";
            var snipsF1 = new List<double>();
            foreach (var pool in snips)
            {
                var counts = new Dictionary<string, (int Tp, int Predicted, int Gold)>(StringComparer.Ordinal);
                foreach (var (train, test) in Folds(pool, folds))
                {
                    var parser = new NluTrainer(settings).Train(new NluTrainingData { Examples = train }).CreateParser();
                    foreach (var example in test)
                    {
                        var result = parser.Predict(example.Text);
                        var expected = example.Entities.Select(e => (e.Entity, Value: Normalize(e.Value))).ToList();
                        foreach (var entity in result.Entities)
                        {
                            var hit = expected.Remove((entity.Entity, Normalize(example.Text[entity.Start..entity.End])));
                            var c = counts.GetValueOrDefault(entity.Entity);
                            counts[entity.Entity] = (c.Tp + (hit ? 1 : 0), c.Predicted + 1, c.Gold);
                        }

                        foreach (var e in example.Entities)
                        {
                            var c = counts.GetValueOrDefault(e.Entity);
                            counts[e.Entity] = (c.Tp, c.Predicted, c.Gold + 1);
                        }
                    }
                }

                snipsF1.Add(counts.Values.Where(c => c.Gold > 0).Select(c => F1(c.Tp, c.Predicted, c.Gold)).Average());
            }

            o.WriteLine($"| {config} | {correct}/{total} = {correct / (double)total:0.000} | {string.Join(" ", perCorpus)} | {paired} | " +
                $"{F1(tp, predicted, gold):0.000} | {snipsF1.DefaultIfEmpty(double.NaN).Average():0.000} | {watch.Elapsed.TotalSeconds:0} |");
        }
    }

    /// <summary>Stratified folds: examples sorted by intent (stable), then dealt round-robin.</summary>
    private static IEnumerable<(List<NluExample> Train, List<NluExample> Test)> Folds(IReadOnlyList<NluExample> examples, int k)
    {
        var order = examples.Select((e, i) => (e, i)).OrderBy(p => p.e.Intent, StringComparer.Ordinal).ThenBy(p => p.i)
            .Select((p, rank) => (p.e, Fold: rank % k)).ToList();
        for (var f = 0; f < k; f++)
        {
            var train = order.Where(p => p.Fold != f).Select(p => p.e).ToList();
            var test = order.Where(p => p.Fold == f).Select(p => p.e).ToList();
            if (test.Count > 0 && train.Select(e => e.Intent).Distinct().Any())
            {
                yield return (train, test);
            }
        }
    }

    private static NluTrainingData With(NluTrainingData data, List<NluExample> examples) => new()
    {
        Examples = examples,
        RegexFeatures = data.RegexFeatures,
        LookupTables = data.LookupTables,
    };

    /// <summary>Settings overrides: <c>key=value</c> pairs separated by commas (<c>base</c> for none).</summary>
    public static NluPipelineSettings Apply(NluPipelineSettings s, string config)
    {
        foreach (var pair in config.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair == "base")
            {
                continue;
            }

            var (key, value) = (pair.Split('=')[0], pair.Split('=')[1]);
            float Num() => float.Parse(value, CultureInfo.InvariantCulture);
            bool Bool() => value is "1" or "true";
            (int, int) Range() => (int.Parse(value.Split('-')[0], CultureInfo.InvariantCulture), int.Parse(value.Split('-')[1], CultureInfo.InvariantCulture));
            s = key switch
            {
                "il2" => s with { IntentL2 = Num() },
                "il1" => s with { IntentL1 = Num() },
                "tl2" => s with { TaggerL2 = Num() },
                "tl1" => s with { TaggerL1 = Num() },
                "word" => s with { WordMinNgram = Range().Item1, WordMaxNgram = Range().Item2 },
                "char" => s with { CharMinNgram = Range().Item1, CharMaxNgram = Range().Item2 },
                "mask" => s with { MaskEntitiesForIntent = Bool() },
                "trans" => s with { TaggerTransitions = Bool() },
                "gaz" => s with { TaggerGazetteer = Bool() },
                "gazdrop" => s with { GazetteerDropout = Num() },
                "lookdrop" => s with { LookupDropout = Num() },
                "affix" => s with { TaggerAffixLength = (int)Num() },
                "balance" => s with { BalanceIntentClasses = Bool() },
                "ew" => s with { TaggerEntityWeight = Num() },
                "idf" => s with { IntentIdf = Bool() },
                "wdrop" => s with { TaggerWordDropout = Num() },
                "vcopy" => s with { TaggerDropoutCopies = Bool() },
                "idscale" => s with { TaggerIdentityScale = Num() },
                "rdrop" => s with { TaggerRareWordDropout = Num() },
                "keepaff" => s with { TaggerDropoutKeepsAffixes = Bool() },
                "tol" => s with { TrainingTolerance = Num() },
                "lex" => s with { UseBuiltinLexicon = Bool() },
                "crf" => s with { TaggerCrf = Bool() },
                "cl2" => s with { CrfL2 = Num() },
                "miss" => s with { CrfMissCost = Num() },
                "citer" => s with { CrfMaxIterations = (int)Num() },
                "enc" => s with { SentenceEncoder = value == "none" ? null : value },
                "sw" => s with { SentenceFeatureWeight = Num() },
                "tv" => s with { TaggerTokenVectors = Bool() },
                "tvs" => s with { TaggerTokenVectorScale = Num() },
                "fb" => s with { FallbackThreshold = value == "none" ? null : Num() },
                "amb" => s with { FallbackAmbiguityThreshold = Num() },
                "cal" => s with { CalibrateConfidences = Bool() },
                "ic" => s with { IntentClassifier = value == "auto" ? null : value },
                "ovrl2" => s with { IntentOneVsRestL2 = Num() },
                "ens" => s with { IntentEnsembleWeight = value == "none" ? null : Num() },
                "nb" => s with { IntentNaiveBayes = Num() },
                "fuse" => s with { IntentVectorFusion = value == "none" ? null : Num() },
                _ => throw new ArgumentException($"unknown setting '{key}'"),
            };
        }

        return s;
    }

    private static string Normalize(string value) => value.Trim().ToLowerInvariant();

    private static double F1(int tp, int predicted, int gold)
    {
        var precision = predicted == 0 ? 0 : tp / (double)predicted;
        var recall = gold == 0 ? 0 : tp / (double)gold;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
