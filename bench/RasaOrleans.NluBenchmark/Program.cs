using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;
using RasaOrleans.NluBenchmark;

// Trains and tests the NLU pipeline on the Braun et al. 2017 corpora and the Snips 2017 custom intent engines
// benchmark, then runs NLP.js on the Braun splits in the same process run. Usage:
//   dotnet run -c Release --project bench/RasaOrleans.NluBenchmark -- --shared ../shared [--no-nlpjs] [--runs 3]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var shared = Option("--shared") ?? Path.Combine("..", "shared");
var snipsRuns = int.Parse(Option("--runs") ?? "3", CultureInfo.InvariantCulture);
var warmupMs = int.Parse(Option("--warmup-ms") ?? "2000", CultureInfo.InvariantCulture);
var rounds = int.Parse(Option("--rounds") ?? "20", CultureInfo.InvariantCulture);
var runNlpJs = !args.Contains("--no-nlpjs");
var settings = NluPipelineSettings.Default;
if (Option("--intent-l2") is { } il2) settings = settings with { IntentL2 = float.Parse(il2, CultureInfo.InvariantCulture) };
if (Option("--intent-l1") is { } il1) settings = settings with { IntentL1 = float.Parse(il1, CultureInfo.InvariantCulture) };
if (Option("--tagger-l2") is { } tl2) settings = settings with { TaggerL2 = float.Parse(tl2, CultureInfo.InvariantCulture) };
if (Option("--tagger-l1") is { } tl1) settings = settings with { TaggerL1 = float.Parse(tl1, CultureInfo.InvariantCulture) };
if (args.Contains("--mask")) settings = settings with { MaskEntitiesForIntent = true };
if (Option("--char") is { } ch) settings = settings with { CharMinNgram = int.Parse(ch.Split('-')[0], CultureInfo.InvariantCulture), CharMaxNgram = int.Parse(ch.Split('-')[1], CultureInfo.InvariantCulture) };
if (Option("--word") is { } wd) settings = settings with { WordMinNgram = int.Parse(wd.Split('-')[0], CultureInfo.InvariantCulture), WordMaxNgram = int.Parse(wd.Split('-')[1], CultureInfo.InvariantCulture) };
if (Option("--set") is { } overrides) settings = CrossValidation.Apply(settings, overrides);
var only = Option("--only");
var log = Console.Error;
var braunFolder = Path.Combine(shared, "datasets", "braun-nlu-evaluation-corpora");
var snipsFolder = Path.Combine(shared, "datasets", "snips-nlu-benchmark", "2017-06-custom-intent-engines");

if (Option("--encoder-cache") is { } cacheSize)
{
    // the cross-validations encode the same sentences for every split and config: keep them all
    SentenceEncoderCatalog.CacheSize = int.Parse(cacheSize, CultureInfo.InvariantCulture);
}

// ---------------------------------------------------------------- Braun et al. 2017
var splits = (only == "snips" ? Array.Empty<string>() : BraunCorpus.Files).Select(f => BraunCorpus.Read(Path.Combine(braunFolder, f), log)).ToList();
if (Option("--cv") is { } cvConfigs)
{
    // settings selection on the training portions only; no test set is touched
    CrossValidation.Run(splits, snipsFolder, cvConfigs.Split(';'), settings,
        int.Parse(Option("--folds") ?? "5", CultureInfo.InvariantCulture), runNlpJs, only != "braun", Console.Out, log);
    return 0;
}

if (Option("--unseen-cv") is { } unseenCvConfigs)
{
    // tagger settings for unseen values, chosen on the training portions only
    UnseenValuesBenchmark.RunCrossValidation(splits, snipsFolder, unseenCvConfigs.Split(';'), settings, Console.Out);
    return 0;
}

if (args.Contains("--no-encoder-cache"))
{
    // time the encoder itself, not its cache of recent texts (the timing rounds repeat the test sentences)
    SentenceEncoderCatalog.CacheSize = 0;
}

// --oos / --unseen "name=config;name=config": pipelines as --cv configs, e.g. "default=base;embeddings=enc=minilm"
if (Option("--oos") is { } oosPipelines)
{
    OutOfScopeBenchmark.Run(splits, snipsFolder, Pipelines(oosPipelines), Console.Out, log);
    return 0;
}

if (Option("--unseen") is { } unseenPipelines)
{
    UnseenValuesBenchmark.Run(splits, snipsFolder, Pipelines(unseenPipelines), Console.Out, log);
    return 0;
}

if (Option("--training-scale") is { } scale)
{
    // training time and memory on a large bot: every Snips 2017 intent's full training set (~2,000 queries
    // each, 39 slot types) in one NLU model, an evenly spaced sample of the given size; one tagger per process
    // run, so that the peak memory is that tagger's
    var all = SnipsCorpus.Intents.SelectMany(i => SnipsCorpus.ReadQueries(Path.Combine(snipsFolder, i, $"train_{i}_full.json"), i)).ToList();
    var size = int.Parse(scale, CultureInfo.InvariantCulture);
    var step = Math.Max(2, all.Count / size);
    var sample = all.Where((_, i) => i % step == 0).Take(size).ToList();
    var heldOut = all.Where((_, i) => i % step == step / 2).Take(700).ToList();
    var data = new NluTrainingData { Examples = sample };
    var stopwatch = Stopwatch.StartNew();
    var model = new NluTrainer(settings).Train(data);
    var trainingTime = stopwatch.Elapsed;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576;

    // accuracy on 700 other queries of the same full training sets (never the validation sets): intent accuracy
    // and span-exact entity micro F1
    var parser = model.CreateParser();
    int right = 0, queries = 0, hits = 0, found = 0, expected = 0;
    foreach (var example in heldOut)
    {
        var result = parser.Predict(example.Text);
        queries++;
        right += result.Intent.Name == example.Intent ? 1 : 0;
        var gold = example.Entities.Select(e => (e.Entity, e.Start, e.End)).ToList();
        found += result.Entities.Count;
        hits += result.Entities.Count(e => gold.Remove((e.Entity, e.Start, e.End)));
        expected += example.Entities.Count;
    }

    Console.WriteLine($"{sample.Count} examples, {data.Intents.Count()} intents, {data.EntityTypes.Count()} entity types, " +
        $"tagger {(settings.TaggerCrf ? "CRF" : "MEMM")}: trained in {trainingTime.TotalSeconds:0.0} s, peak working set {peak} MiB " +
        $"(fingerprint {model.Fingerprint[..12]}); {queries} held-out queries: intent accuracy {right / (double)queries:0.000}, entity F1 {F1(hits, found, expected):0.000}");
    return 0;
}

var braunRows = new List<string>();
int intentCorrect = 0, intentTotal = 0, entityTp = 0, entityPredicted = 0, entityGold = 0;
var ourTimes = new List<double>();
var ourPredictions = new Dictionary<string, List<string>>();
var parsers = new List<NluParser>();
var trainTimes = new List<string>();
foreach (var split in splits)
{
    var trainer = new NluTrainer(settings);
    var watch = Stopwatch.StartNew();
    var model = trainer.Train(split.Train);
    var firstSeconds = watch.Elapsed.TotalSeconds;
    // a second training of the same data: the time without the process's one-off JIT cost
    watch.Restart();
    model = trainer.Train(split.Train);
    var trainSeconds = watch.Elapsed.TotalSeconds;
    var parser = model.CreateParser();
    int correct = 0, tp = 0, predicted = 0, gold = 0;
    var predictions = new List<string>();
    foreach (var example in split.Test)
    {
        var result = parser.Predict(example.Text);
        predictions.Add(result.Intent.Name);
        correct += result.Intent.Name == example.Intent ? 1 : 0;
        if (args.Contains("--errors") && result.Intent.Name != example.Intent)
        {
            log.WriteLine($"    {example.Intent} -> {result.Intent.Name} ({result.Intent.Confidence:0.00}): {example.Text}");
        }

        var expected = example.Entities.Select(e => (e.Entity, e.Start, e.End)).ToList();
        foreach (var entity in result.Entities)
        {
            predicted++;
            if (expected.Remove((entity.Entity, entity.Start, entity.End)))
            {
                tp++;
            }
        }

        gold += example.Entities.Count;
    }

    ourPredictions[split.Name] = predictions;
    parsers.Add(parser);
    intentCorrect += correct;
    intentTotal += split.Test.Count;
    entityTp += tp;
    entityPredicted += predicted;
    entityGold += gold;
    braunRows.Add($"| {split.Name} | {split.Train.Examples.Count} / {split.Test.Count} | {F(correct / (double)split.Test.Count)} | " +
        $"{F(F1(tp, predicted, gold))} | {trainSeconds:0.00} s ({firstSeconds:0.00} s) | MEDIAN{split.Name} |");
    log.WriteLine($"Braun {split.Name}: intent {correct}/{split.Test.Count}, entity F1 {F1(tp, predicted, gold):0.000}, trained in {trainSeconds:0.00} s");
}

// time parsing after all training, each corpus after its own warm-up, so that JIT tiering has settled; the
// training garbage is collected first so that the first corpus timed does not pay for it
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
// one warm-up pass over every corpus first: otherwise the corpus timed first still ran partly on code that the
// JIT had not finished optimizing (Chatbot, timed first, measured ~1.7x slower than when timed last)
for (var i = 0; i < splits.Count; i++)
{
    TimeParses(parsers[i], splits[i].Test.Select(e => e.Text).ToList(), warmupMs, 1);
}

for (var i = 0; i < splits.Count; i++)
{
    var times = TimeParses(parsers[i], splits[i].Test.Select(e => e.Text).ToList(), warmupMs, rounds);
    ourTimes.AddRange(times);
    braunRows[i] = braunRows[i].Replace($"MEDIAN{splits[i].Name}", $"{Median(times):0.0} µs", StringComparison.Ordinal);
    log.WriteLine($"Braun {splits[i].Name}: parse median {Median(times):0.0} µs, p99 {Percentile(times, 0.99):0.0} µs ({times.Count} parses)");
    if (args.Contains("--breakdown"))
    {
        // where a parse's time goes: Predict alone, then ToJson of a ready result
        var texts = splits[i].Test.Select(e => e.Text).ToList();
        var predictTimes = new List<double>();
        var jsonTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var text in texts)
            {
                var start = Stopwatch.GetTimestamp();
                var result = parsers[i].Predict(text);
                predictTimes.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                start = Stopwatch.GetTimestamp();
                result.ToJson();
                jsonTimes.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }

        log.WriteLine($"{splits[i].Name}: Predict median {Median(predictTimes):0.0} µs, ToJson median {Median(jsonTimes):0.0} µs");
    }
}

var microIntentF1 = intentCorrect / (double)intentTotal;
var microEntityF1 = F1(entityTp, entityPredicted, entityGold);

// ---------------------------------------------------------------- Snips 2017, 70 queries per intent
var providers = new[] { "Snips", "api.ai", "Luis", "Wit", "Alexa" };
var snipsRows = new List<string>();
var ourIntentF1 = new List<double>();
var publishedF1 = providers.ToDictionary(p => p, _ => new List<double>());
foreach (var intent in only == "braun" ? Array.Empty<string>() : SnipsCorpus.Intents)
{
    var pool = SnipsCorpus.ReadQueries(Path.Combine(snipsFolder, intent, $"train_{intent}.json"), intent);
    var test = SnipsCorpus.ReadQueries(Path.Combine(snipsFolder, intent, $"validate_{intent}.json"), intent);
    var slots = test.SelectMany(e => e.Entities).Select(e => e.Entity).Distinct().Order(StringComparer.Ordinal).ToList();
    var perSlot = slots.ToDictionary(s => s, _ => new List<double>());
    for (var run = 0; run < snipsRuns; run++)
    {
        var train = new NluTrainingData { Examples = SnipsCorpus.Sample(pool, 70, run) };
        var parser = new NluTrainer(settings).Train(train).CreateParser();
        var counts = slots.ToDictionary(s => s, _ => (Tp: 0, Predicted: 0, Gold: 0));
        foreach (var example in test)
        {
            var result = parser.Predict(example.Text);
            var expected = example.Entities.Select(e => (e.Entity, Value: Normalize(e.Value))).ToList();
            foreach (var entity in result.Entities)
            {
                var hit = expected.Remove((entity.Entity, Normalize(example.Text[entity.Start..entity.End])));
                if (counts.TryGetValue(entity.Entity, out var c))
                {
                    counts[entity.Entity] = (c.Tp + (hit ? 1 : 0), c.Predicted + 1, c.Gold);
                }
            }

            foreach (var e in example.Entities)
            {
                var c = counts[e.Entity];
                counts[e.Entity] = (c.Tp, c.Predicted, c.Gold + 1);
            }
        }

        foreach (var (slot, c) in counts)
        {
            perSlot[slot].Add(F1(c.Tp, c.Predicted, c.Gold));
        }
    }

    var ours = perSlot.Values.Average(v => v.Average());
    if (args.Contains("--slots"))
    {
        var snipsSlots = PublishedSlotF1BySlot(Path.Combine(snipsFolder, intent, "Snips_metrics.json"), intent);
        foreach (var (slot, f1s) in perSlot)
        {
            log.WriteLine($"    {intent}.{slot}: ours {f1s.Average():0.000}, Snips {(snipsSlots.TryGetValue(slot, out var v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-")}, support {test.Sum(e => e.Entities.Count(x => x.Entity == slot))}");
        }
    }

    ourIntentF1.Add(ours);
    var cells = new List<string>();
    foreach (var provider in providers)
    {
        var published = PublishedSlotF1(Path.Combine(snipsFolder, intent, $"{provider}_metrics.json"), intent);
        publishedF1[provider].Add(published);
        cells.Add(F(published));
    }

    snipsRows.Add($"| {intent} | {F(ours)} | {string.Join(" | ", cells)} |");
    log.WriteLine($"Snips {intent}: mean slot F1 {ours:0.000}");
}

// ---------------------------------------------------------------- NLP.js on the Braun splits
string? nlpJsVersion = null;
List<NlpJsRunner.CorpusResult>? nlpJs = null;
if (runNlpJs)
{
    (nlpJsVersion, nlpJs) = NlpJsRunner.Run(splits, warmupMs, rounds, log);
}

// ---------------------------------------------------------------- report
var o = Console.Out;
o.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
o.WriteLine();
o.WriteLine("### Braun et al. 2017 (train on `training: true`, test on the rest)");
o.WriteLine();
o.WriteLine("| corpus | train / test | intent accuracy (= micro F1) | entity F1 (span-exact) | training (first in process) | parse median |");
o.WriteLine("|---|---|---|---|---|---|");
braunRows.ForEach(o.WriteLine);
o.WriteLine($"| **all three** | {splits.Sum(s => s.Train.Examples.Count)} / {intentTotal} | **{F(microIntentF1)}** | **{F(microEntityF1)}** | | {Median(ourTimes):0.0} µs (p99 {Percentile(ourTimes, 0.99):0.0} µs) |");
o.WriteLine();
o.WriteLine("Micro intent F1 over the three test sets, next to the published figures (as quoted in the issue: NLP.js's README and Braun et al. 2017):");
o.WriteLine();
o.WriteLine("| system | micro intent F1 |");
o.WriteLine("|---|---|");
o.WriteLine($"| **RasaOrleans (this run)** | **{F(microIntentF1)}** |");
if (nlpJs is not null)
{
    var correct = splits.Zip(nlpJs).Sum(p => p.First.Test.Zip(p.Second.Predictions).Count(x => x.First.Intent == x.Second));
    o.WriteLine($"| NLP.js {nlpJsVersion} (this run) | {F(correct / (double)intentTotal)} |");
}

o.WriteLine("| NLP.js (published) | 0.93 |");
o.WriteLine("| Watson (published) | 0.92 |");
o.WriteLine("| LUIS (published) | 0.91 |");
o.WriteLine("| Rasa (published) | 0.88 |");
o.WriteLine();
o.WriteLine("### Snips 2017 custom intent engines, 70 training queries per intent (mean slot F1)");
o.WriteLine();
o.WriteLine($"Each intent trained and tested on its own (100 validation queries), {snipsRuns} seeded draws of 70 queries from the " +
    "300-query pool; per slot F1 (a slot counts when type and text match), averaged over draws, then over slots, then over " +
    "intents. Published columns are computed the same way from the providers' `*_metrics.json` at 70 queries (NaN precision as 0).");
o.WriteLine();
o.WriteLine($"| intent | RasaOrleans | {string.Join(" | ", providers.Select(p => p + " (published)"))} |");
o.WriteLine($"|---|---|{string.Concat(providers.Select(_ => "---|"))}");
snipsRows.ForEach(o.WriteLine);
o.WriteLine($"| **mean** | **{F(ourIntentF1.DefaultIfEmpty(double.NaN).Average())}** | {string.Join(" | ", providers.Select(p => F(publishedF1[p].DefaultIfEmpty(double.NaN).Average())))} |");
o.WriteLine();
if (nlpJs is not null)
{
    o.WriteLine($"### Parse speed and accuracy side by side (Braun test sentences; NLP.js {nlpJsVersion})");
    o.WriteLine();
    o.WriteLine($"Both in process, one thread, {warmupMs} ms warm-up, then {rounds} rounds over the test sentences timing each call; medians.");
    o.WriteLine("RasaOrleans: `NluParser.Parse` (intent, entities, JSON object). NLP.js: `NlpManager.process` (awaited).");
    o.WriteLine();
    o.WriteLine("| corpus | RasaOrleans accuracy | NLP.js accuracy | RasaOrleans median | NLP.js median | speed-up | NLP.js training |");
    o.WriteLine("|---|---|---|---|---|---|---|");
    var allTheirs = new List<double>();
    for (var i = 0; i < splits.Count; i++)
    {
        var split = splits[i];
        var theirs = nlpJs[i];
        allTheirs.AddRange(theirs.TimesUs);
        var ourAccuracy = split.Test.Zip(ourPredictions[split.Name]).Count(x => x.First.Intent == x.Second) / (double)split.Test.Count;
        var theirAccuracy = split.Test.Zip(theirs.Predictions).Count(x => x.First.Intent == x.Second) / (double)split.Test.Count;
        var ourMedian = Median(ourTimes.Skip(splits.Take(i).Sum(s => s.Test.Count * rounds)).Take(split.Test.Count * rounds).ToList());
        var theirMedian = Median([.. theirs.TimesUs]);
        o.WriteLine($"| {split.Name} | {F(ourAccuracy)} | {F(theirAccuracy)} | {ourMedian:0.0} µs | {theirMedian:0.0} µs | {theirMedian / ourMedian:0.0}× | {theirs.TrainMs / 1000:0.00} s |");
    }

    o.WriteLine($"| **all** | {F(microIntentF1)} | | **{Median(ourTimes):0.0} µs** | **{Median(allTheirs):0.0} µs** | **{Median(allTheirs) / Median(ourTimes):0.0}×** | |");
}

if (nlpJs is not null)
{
    // which test sentences each gets right: with few sentences, a gap is only a difference when the discordant
    // pairs are lopsided (exact two-sided McNemar test on them)
    int both = 0, onlyOurs = 0, onlyTheirs = 0, neither = 0;
    for (var i = 0; i < splits.Count; i++)
    {
        foreach (var ((example, ours), theirs) in splits[i].Test.Zip(ourPredictions[splits[i].Name]).Zip(nlpJs[i].Predictions))
        {
            var (a, b) = (ours == example.Intent, theirs == example.Intent);
            (both, onlyOurs, onlyTheirs, neither) = (both + (a && b ? 1 : 0), onlyOurs + (a && !b ? 1 : 0),
                onlyTheirs + (!a && b ? 1 : 0), neither + (!a && !b ? 1 : 0));
            if (args.Contains("--errors") && a != b)
            {
                log.WriteLine($"    only {(a ? "RasaOrleans" : "NLP.js")} right ({example.Intent}; other said {(a ? theirs : ours)}): {example.Text}");
            }
        }
    }

    o.WriteLine();
    o.WriteLine($"Paired on the {intentTotal} Braun test sentences: both right {both}, only RasaOrleans {onlyOurs}, only NLP.js {onlyTheirs}, " +
        $"neither {neither}; exact McNemar p = {McNemar(onlyOurs, onlyTheirs):0.000}.");
}

return 0;

List<(string Name, NluPipelineSettings Settings)> Pipelines(string list) =>
    [.. list.Split(';').Select(p => (p[..p.IndexOf('=')], CrossValidation.Apply(settings, p[(p.IndexOf('=') + 1)..])))];

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

static double F1(int tp, int predicted, int gold)
{
    var precision = predicted == 0 ? 0 : tp / (double)predicted;
    var recall = gold == 0 ? 0 : tp / (double)gold;
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
}

// two-sided exact binomial test of b against c discordant pairs (p = 0.5)
static double McNemar(int b, int c)
{
    var n = b + c;
    var k = Math.Min(b, c);
    var tail = 0.0;
    for (var i = 0; i <= k; i++)
    {
        tail += Math.Exp(LogChoose(n, i) - n * Math.Log(2));
    }

    return Math.Min(1, 2 * tail);

    static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 1; i <= k; i++)
        {
            sum += Math.Log(n - k + i) - Math.Log(i);
        }

        return sum;
    }
}

static double Median(List<double> values)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static string Normalize(string value) => value.Trim().ToLowerInvariant();

static List<double> TimeParses(NluParser parser, List<string> texts, int warmupMs, int rounds)
{
    var warm = Stopwatch.StartNew();
    var i = 0;
    while (warm.ElapsedMilliseconds < warmupMs)
    {
        parser.Parse(texts[i++ % texts.Count]);
    }

    var times = new List<double>(texts.Count * rounds);
    for (var round = 0; round < rounds; round++)
    {
        foreach (var text in texts)
        {
            var start = Stopwatch.GetTimestamp();
            parser.Parse(text);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
    }

    return times;
}

static double PublishedSlotF1(string metricsFile, string intent)
{
    var bySlot = PublishedSlotF1BySlot(metricsFile, intent);
    return bySlot.Count == 0 ? double.NaN : bySlot.Values.Average();
}

static Dictionary<string, double> PublishedSlotF1BySlot(string metricsFile, string intent)
{
    var slots = JsonNode.Parse(File.ReadAllText(metricsFile).Replace("NaN", "null", StringComparison.Ordinal))!["intents"]![intent]!["slots"]!.AsObject();
    var f1s = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var (name, slot) in slots)
    {
        var precision = slot!["precision"]?["70"]?.AsArray();
        var recall = slot["recall"]?["70"]?.AsArray();
        if (precision is null || recall is null)
        {
            continue;
        }

        var runs = precision.Zip(recall).Select(pr =>
        {
            var p = (double?)pr.First ?? 0;
            var r = (double?)pr.Second ?? 0;
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }).ToList();
        f1s[name] = runs.Average();
    }

    return f1s;
}
