using System.Diagnostics;
using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Trains an <see cref="NluModel"/> from rasa_nlu training data: an intent classifier on word and character
/// n-grams, and, when the data has entities, a per-token BIO tagger; regex features, lookup tables and
/// synonyms are kept for parsing. Training is CPU-bound and synchronous (run it off request threads), uses one
/// thread, and gives the same model for the same data and settings.
/// </summary>
public sealed class NluTrainer(NluPipelineSettings? settings = null)
{
    /// <summary>The settings training uses, with the intent classifier's family resolved (a model records which it was).</summary>
    public NluPipelineSettings Settings { get; } = Resolve(settings ?? NluPipelineSettings.Default);

    private static NluPipelineSettings Resolve(NluPipelineSettings settings) =>
        settings with { IntentClassifier = settings.ResolvedIntentClassifier };

    /// <summary>Where the optimizers report their iterations and loss while they run (none by default).</summary>
    public IterationProgress? Progress { get; init; }

    /// <summary>Trains a model. Mistakes in the data are <see cref="RasaFormatException"/>s saying which example.</summary>
    public NluModel Train(NluTrainingData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(data);
        var stopwatch = Stopwatch.StartNew();

        var intents = data.Intents.ToArray();
        var entityTypes = data.EntityTypes.ToArray();
        var patterns = Settings.UseRegexFeatures && (data.RegexFeatures.Count > 0 || data.LookupTables.Count > 0)
            ? new EntityPatterns(data.RegexFeatures, data.LookupTables)
            : null;

        var tokenized = data.Examples.Select(e => NluTokenizer.Tokenize(e.Text)).ToList();
        var matches = new List<List<PatternMatch>>(data.Examples.Count);
        for (var i = 0; i < data.Examples.Count; i++)
        {
            var found = new List<PatternMatch>();
            patterns?.Match(data.Examples[i].Text, tokenized[i], found);
            matches.Add(found);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var encoder = Settings.SentenceEncoder is { } encoderName ? SentenceEncoderCatalog.Get(encoderName) : null;
        var trainTagger = Settings.UseEntityTagger && entityTypes.Length > 0;
        if (Settings.TaggerTokenVectors && encoder is null)
        {
            throw new RasaFormatException("tagger_token_vectors needs a sentence encoder (sentence_encoder, or a LanguageModelFeaturizer in the pipeline)");
        }

        // one encoder run per example gives the intent's sentence vector and the tagger's token vectors
        var tokenVectors = trainTagger && Settings.TaggerTokenVectors;
        EncodedText[]? encoded = null;
        if (encoder is not null && (intents.Length > 1 || tokenVectors))
        {
            string[] texts = [.. data.Examples.Select(e => e.Text)];
            encoded = tokenVectors
                ? encoder.EncodeWithTokens(texts, cancellationToken)
                : [.. encoder.Encode(texts, cancellationToken).Select(v => new EncodedText(v, null))];
        }
        var intentClassifier = intents.Length > 1
            ? TrainIntentClassifier(data, intents, tokenized, matches, patterns, encoded?.Select(e => e.Sentence).ToArray(), cancellationToken)
            : null;

        cancellationToken.ThrowIfCancellationRequested();
        var tagger = trainTagger
            ? TrainTagger(data, entityTypes, tokenized, matches, patterns, encoded, cancellationToken)
            : null;

        var synonyms = Settings.UseSynonyms
            ? new Dictionary<string, string>(data.AllSynonyms(), StringComparer.Ordinal)
            : [];
        return new NluModel(Settings, intents, entityTypes, intentClassifier, tagger,
            data.RegexFeatures, data.LookupTables, synonyms, stopwatch.Elapsed);
    }

    private LinearClassifier TrainIntentClassifier(NluTrainingData data, string[] intents, List<List<NluToken>> tokenized,
        List<List<PatternMatch>> matches, EntityPatterns? patterns, float[][]? vectors, CancellationToken cancellationToken)
    {
        var featurizer = new IntentFeaturizer(Settings, patterns);
        var label = intents.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var features = new HashedFeatures();
        var examples = new List<LinearClassifierTrainer.Example>(data.Examples.Count);
        for (var i = 0; i < data.Examples.Count; i++)
        {
            features.Clear();
            var tokens = tokenized[i];
            var entityTypes = new string?[tokens.Count];
            foreach (var entity in data.Examples[i].Entities)
            {
                for (var t = 0; t < tokens.Count; t++)
                {
                    if (tokens[t].Start < entity.End && tokens[t].End > entity.Start)
                    {
                        entityTypes[t] = entity.Entity;
                    }
                }
            }

            featurizer.Featurize(data.Examples[i].Text, tokens, matches[i], entityTypes, features, vectors is null ? default : vectors[i]);
            var (keys, values) = features.ToArrays();
            examples.Add(new LinearClassifierTrainer.Example(keys, values, label[data.Examples[i].Intent!]));
        }

        if (Settings.BalanceIntentClasses)
        {
            // every intent weighs as much as an average one: n / (k × n_intent) per example
            var counts = examples.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
            examples = [.. examples.Select(e => e with { Weight = examples.Count / (float)(counts.Count * counts[e.Label]) })];
        }

        Dictionary<ulong, float>? idf = null;
        if (Settings.IntentIdf)
        {
            // inverse document frequency, as scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1
            var df = new Dictionary<ulong, int>();
            foreach (var example in examples)
            {
                foreach (var key in example.Keys.Distinct())
                {
                    df[key] = df.GetValueOrDefault(key) + 1;
                }
            }

            idf = df.ToDictionary(p => p.Key, p => (float)(Math.Log((1.0 + examples.Count) / (1.0 + p.Value)) + 1.0));
        }

        LinearClassifier MaxEnt(IReadOnlyList<LinearClassifierTrainer.Example> subset, bool report) =>
            LinearClassifierTrainer.Train(subset, intents, Settings.IntentL1, Settings.IntentL2, Settings.RandomSeed,
                Settings.TrainingTolerance, idf, report ? Progress : null, "intent classifier fit");

        // the intent model of one family; progress lines for the model's own fit only, not for the calibration folds
        LinearClassifier FitFamily(string familyName, IReadOnlyList<LinearClassifierTrainer.Example> subset, bool report)
        {
            if (OneVsRestLoss(familyName) is not { } loss)
            {
                return MaxEnt(subset, report);
            }

            var scaled = idf is null ? subset : [.. subset.Select(e => e with { Values = [.. e.Values.Select((v, k) => v * idf.GetValueOrDefault(e.Keys[k], 1f))] })];
            var oneVsRest = OneVsRestTrainer.Train(scaled, intents, loss, Settings.IntentOneVsRestL2, Settings.TrainingTolerance,
                Settings.IntentNaiveBayes, cancellationToken: cancellationToken, progress: report ? Progress : null);
            if (idf is not null)
            {
                oneVsRest = oneVsRest.ScaledFeatures(idf);
            }

            return Settings.IntentEnsembleWeight is { } weight
                ? LinearClassifier.Sum(MaxEnt(subset, report), oneVsRest, weight)
                : oneVsRest;
        }

        var family = Settings.ResolvedIntentClassifier;
        var vectorKeys = featurizer.SentenceKeys.ToHashSet();
        if (Settings.IntentVectorFusion is { } fusion && vectorKeys.Count > 0)
        {
            // late fusion: the n-gram model and a maximum-entropy model of the sentence vector alone, each fitted on its
            // own features and calibrated on its own held-out folds; the fused log-probabilities are their weighted mean
            // (a logarithmic opinion pool), so that what both models see in the same sentences is not counted twice: a
            // plain sum (the product of the probabilities) sharpened confidences so much that held-out intents looked
            // familiar (docs/benchmarks.md). The result is again linear scores over the union of the features, so
            // parsing stays one classifier.
            var ngrams = examples.Select(e => Only(e, k => !vectorKeys.Contains(k))).ToList();
            var vectorOnly = examples.Select(e => Only(e, vectorKeys.Contains)).ToList();
            LinearClassifier FitVector(IReadOnlyList<LinearClassifierTrainer.Example> subset, bool report) =>
                LinearClassifierTrainer.Train(subset, intents, Settings.IntentL1, Settings.IntentL2, Settings.RandomSeed,
                    Settings.TrainingTolerance, progress: report ? Progress : null, step: "sentence vector classifier fit");
            var ngramModel = FitFamily(family, ngrams, report: true);
            var vectorModel = FitVector(vectorOnly, report: true);
            if (Settings.CalibrateConfidences)
            {
                ngramModel = ngramModel.Scaled(ConfidenceCalibration.FitScale(ngrams, subset => FitFamily(family, subset, report: false), cancellationToken));
                vectorModel = vectorModel.Scaled(ConfidenceCalibration.FitScale(vectorOnly, subset => FitVector(subset, report: false), cancellationToken));
            }

            return LinearClassifier.Sum(ngramModel, vectorModel, fusion).Scaled(1f / (1f + fusion));
        }

        var classifier = FitFamily(family, examples, report: true);
        return Settings.CalibrateConfidences
            ? classifier.Scaled(ConfidenceCalibration.FitScale(examples, subset => FitFamily(family, subset, report: false), cancellationToken))
            : classifier;
    }

    /// <summary>The example with only the features <paramref name="keep"/> accepts.</summary>
    private static LinearClassifierTrainer.Example Only(LinearClassifierTrainer.Example example, Func<ulong, bool> keep)
    {
        var kept = Enumerable.Range(0, example.Keys.Length).Where(i => keep(example.Keys[i])).ToArray();
        return example with { Keys = [.. kept.Select(i => example.Keys[i])], Values = [.. kept.Select(i => example.Values[i])] };
    }

    /// <summary>The one-vs-rest loss a family name stands for, or null for the maximum-entropy model.</summary>
    private static OneVsRestTrainer.Loss? OneVsRestLoss(string family) => family switch
    {
        IntentClassifiers.MaxEnt => null,
        IntentClassifiers.Squared => OneVsRestTrainer.Loss.Squared,
        IntentClassifiers.Hinge => OneVsRestTrainer.Loss.SquaredHinge,
        IntentClassifiers.Logistic => OneVsRestTrainer.Loss.Logistic,
        _ => throw new RasaFormatException(
            $"unknown intent classifier '{family}'; known: {string.Join(", ", IntentClassifiers.Names)}"),
    };

    private EntityTagger TrainTagger(NluTrainingData data, string[] entityTypes, List<List<NluToken>> tokenized,
        List<List<PatternMatch>> matches, EntityPatterns? patterns, EncodedText[]? encoded, CancellationToken cancellationToken)
    {
        var classes = 1 + 2 * entityTypes.Length;
        var typeIndex = entityTypes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var featurizer = TokenFeaturizer.For(patterns, Settings);
        var gazetteerTables = Settings.TaggerGazetteer ? GazetteerTables(data, entityTypes) : [];
        var gazetteer = gazetteerTables.Count > 0 ? new EntityPatterns([], gazetteerTables) : null;
        var gazetteerNames = gazetteer?.Names;
        var gazetteerHits = new List<PatternMatch>();
        var random = new Random(Settings.RandomSeed);
        var features = new HashedFeatures();
        var examples = new List<LinearClassifierTrainer.Example>();
        var kept = new List<PatternMatch>();
        var lexicon = Settings.LexiconApplies ? new LexiconHits() : null;
        var sequences = new List<CrfTrainer.Sequence>();
        var counts = Settings.TaggerRareWordDropout > 0 ? SentenceCounts(data, tokenized) : null;
        for (var i = 0; i < data.Examples.Count; i++)
        {
            var example = data.Examples[i];
            var tokens = tokenized[i];
            var tags = Tags(example, tokens, typeIndex);

            // hide some lookup hits so that the tagger also learns to find values the tables do not list
            kept.Clear();
            foreach (var match in matches[i])
            {
                if (!(patterns!.IsLookup(match.Pattern) && random.NextDouble() < Settings.LookupDropout))
                {
                    kept.Add(match);
                }
            }

            // the same for the gazetteer, which always knows the training example's own values
            gazetteerHits.Clear();
            if (gazetteer is not null)
            {
                gazetteer.Match(example.Text, tokens, gazetteerHits);
                gazetteerHits.RemoveAll(_ => random.NextDouble() < Settings.GazetteerDropout);
            }

            lexicon?.Compute(BuiltinLexicon.English, example.Text, tokens);
            var hidden = counts is not null ? HiddenRareWords(example.Text, tokens, counts, random) : null;
            var copies = hidden is not null && Settings.TaggerDropoutCopies ? 2 : 1;
            for (var copy = 0; copy < copies; copy++)
            {
                // with copies, the first sees every word and the second has the dropped words hidden; without, they are hidden in place
                var hide = copies == 2 && copy == 0 ? null : hidden;
                if (copies == 2 && copy == 1 && !hidden!.Contains(true))
                {
                    break;
                }

                var sequenceKeys = new ulong[tokens.Count][];
                var sequenceValues = new float[tokens.Count][];
                for (var t = 0; t < tokens.Count; t++)
                {
                    features.Clear();
                    // sometimes hide an entity token's own word, so that the tagger also learns the context of values
                    var hideWord = tags[t] != 0 && Settings.TaggerWordDropout > 0 && random.NextDouble() < Settings.TaggerWordDropout;
                    featurizer.Featurize(example.Text, tokens, kept, t, features, gazetteerHits, gazetteerNames, hideWord, lexicon, hide,
                        encoded?[i].Tokens);
                    if (Settings.TaggerCrf)
                    {
                        (sequenceKeys[t], sequenceValues[t]) = features.ToArrays();
                        continue;
                    }

                    if (Settings.TaggerTransitions)
                    {
                        features.Add(EntityTagger.PreviousTagFeature(t == 0 ? classes : tags[t - 1], classes));
                    }

                    var (keys, values) = features.ToArrays();
                    examples.Add(new LinearClassifierTrainer.Example(keys, values, tags[t], tags[t] == 0 ? 1f : Settings.TaggerEntityWeight));
                }

                if (Settings.TaggerCrf)
                {
                    sequences.Add(new CrfTrainer.Sequence(sequenceKeys, sequenceValues, tags));
                }
            }
        }

        if (Settings.TaggerCrf)
        {
            var crf = CrfTrainer.Train(sequences, EntityTagger.TagNames(entityTypes), Settings.CrfL2, Settings.TrainingTolerance,
                Settings.CrfMissCost, Settings.CrfMaxIterations, cancellationToken, Progress);
            return new EntityTagger(crf, entityTypes, gazetteerTables, conditionalRandomField: true);
        }

        var classifier = LinearClassifierTrainer.Train(examples, EntityTagger.TagNames(entityTypes),
            Settings.TaggerL1, Settings.TaggerL2, Settings.RandomSeed, Settings.TrainingTolerance, progress: Progress, step: "entity tagger fit");
        return new EntityTagger(classifier, entityTypes, gazetteerTables);
    }

    /// <summary>The BIO tags of an example's tokens (<see cref="EntityTagger.TagNames"/> numbering); overlapping entities keep the first.</summary>
    private static int[] Tags(NluExample example, List<NluToken> tokens, Dictionary<string, int> typeIndex)
    {
        var tags = new int[tokens.Count];
        foreach (var entity in example.Entities)
        {
            var covered = Enumerable.Range(0, tokens.Count)
                .Where(t => tokens[t].Start < entity.End && tokens[t].End > entity.Start).ToList();
            if (covered.Count == 0 || covered.Any(t => tags[t] != 0))
            {
                continue;
            }

            var type = typeIndex[entity.Entity];
            tags[covered[0]] = EntityTagger.BeginTag(type);
            foreach (var t in covered.Skip(1))
            {
                tags[t] = EntityTagger.InsideTag(type);
            }
        }

        return tags;
    }

    /// <summary>Which tokens to hide: each word with probability α / (α + sentences it occurs in), α = <see cref="NluPipelineSettings.TaggerRareWordDropout"/>.</summary>
    private bool[] HiddenRareWords(string text, List<NluToken> tokens, Dictionary<string, int> counts, Random random)
    {
        var hidden = new bool[tokens.Count];
        var alpha = Settings.TaggerRareWordDropout;
        for (var t = 0; t < tokens.Count; t++)
        {
            var n = counts.GetValueOrDefault(text.Substring(tokens[t].Start, tokens[t].Length).ToLowerInvariant());
            hidden[t] = tokens[t].IsWord && random.NextDouble() < alpha / (alpha + n);
        }

        return hidden;
    }

    /// <summary>For each lower-cased word of the training sentences, the number of sentences it occurs in.</summary>
    private static Dictionary<string, int> SentenceCounts(NluTrainingData data, List<List<NluToken>> tokenized)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var inSentence = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < data.Examples.Count; i++)
        {
            inSentence.Clear();
            foreach (var token in tokenized[i])
            {
                if (token.IsWord)
                {
                    inSentence.Add(data.Examples[i].Text.Substring(token.Start, token.Length).ToLowerInvariant());
                }
            }

            foreach (var word in inSentence)
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        return counts;
    }

    /// <summary>Per entity type, the distinct (lower-cased) values the training examples tag with it, in order of appearance.</summary>
    private static List<LookupTable> GazetteerTables(NluTrainingData data, string[] entityTypes)
    {
        var values = entityTypes.ToDictionary(t => t, _ => new List<string>(), StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < data.Examples.Count; i++)
        {
            var example = data.Examples[i];
            foreach (var entity in example.Entities)
            {
                var value = example.Text[entity.Start..entity.End].Trim().ToLowerInvariant();
                if (value.Length > 0 && seen.Add((entity.Entity, value)))
                {
                    values[entity.Entity].Add(value);
                }
            }
        }

        return [.. entityTypes.Where(t => values[t].Count > 0).Select(t => new LookupTable(t, [.. values[t]]))];
    }

    private static void Validate(NluTrainingData data)
    {
        if (data.Examples.Count == 0)
        {
            throw new RasaFormatException("the NLU training data has no examples; add at least one example with an intent");
        }

        for (var i = 0; i < data.Examples.Count; i++)
        {
            var example = data.Examples[i];
            var where = $"training example {i + 1} ('{Shorten(example.Text)}')";
            if (string.IsNullOrWhiteSpace(example.Text))
            {
                throw new RasaFormatException($"training example {i + 1} has an empty text");
            }

            if (string.IsNullOrWhiteSpace(example.Intent))
            {
                throw new RasaFormatException($"{where} has no intent; every NLU training example needs one");
            }

            foreach (var entity in example.Entities)
            {
                if (string.IsNullOrWhiteSpace(entity.Entity))
                {
                    throw new RasaFormatException($"{where} has an entity without a type");
                }

                if (entity.Start < 0 || entity.End > example.Text.Length || entity.Start >= entity.End)
                {
                    throw new RasaFormatException(
                        $"{where}: entity '{entity.Entity}' has start {entity.Start} and end {entity.End}, which is not a " +
                        $"range inside the text (length {example.Text.Length})");
                }
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
