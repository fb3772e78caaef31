using System.Text.Json.Nodes;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Parses messages with one <see cref="NluModel"/>. It keeps scratch buffers between calls, so it is NOT
/// thread-safe: give each thread (or pooled worker) its own parser. Texts that name their intent directly
/// (<c>/greet</c>, <c>_greet</c>) are the caller's business (RegexInterpreter).
/// </summary>
public sealed class NluParser
{
    private const string RegexExtractor = "ner_regex";
    private const string LookupExtractor = "ner_lookup";
    private static readonly IReadOnlyList<string> s_synonymProcessors = ["ner_synonyms"];

    private readonly NluModel _model;
    private readonly IntentFeaturizer _intentFeaturizer;
    private readonly TokenFeaturizer _tokenFeaturizer;
    private readonly List<NluToken> _tokens = [];
    private readonly List<PatternMatch> _matches = [];
    private readonly List<PatternMatch> _gazetteerMatches = [];
    private readonly HashedFeatures _features = new();
    private readonly LexiconHits? _lexicon;
    private readonly float[] _intentProbabilities;
    private readonly int[] _ranking;
    private readonly bool[] _claimed = new bool[64];
    private float[] _tokenScores = new float[64];
    private float[] _work = new float[64];
    private float[] _confidence = new float[16];
    private int[] _back = new int[64];
    private int[] _tags = new int[16];
    private string?[] _entityTypes = new string?[16];

    internal NluParser(NluModel model)
    {
        _model = model;
        _intentFeaturizer = new IntentFeaturizer(model.Settings, model.Patterns);
        _tokenFeaturizer = TokenFeaturizer.For(model.Patterns, model.Settings);
        _lexicon = model.Settings.LexiconApplies ? new LexiconHits() : null;
        _intentProbabilities = new float[model.Intents.Count];
        _ranking = new int[model.Intents.Count];
    }

    /// <summary>Rasa's <c>parse_data</c> for <paramref name="text"/> (spec §8.1).</summary>
    public JsonObject Parse(string text) => Predict(text).ToJson();

    /// <summary>The parse result as a typed value (what <see cref="Parse"/> serializes).</summary>
    public NluParseResult Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        NluTokenizer.Tokenize(text, _tokens);
        if (_tokens.Count == 0)
        {
            return NluParseResult.Empty(text);
        }

        if (_model.Patterns is { } patterns)
        {
            patterns.Match(text, _tokens, _matches);
        }
        else
        {
            _matches.Clear();
        }

        // entities first: the intent features can see entity types in place of their values
        if (_entityTypes.Length < _tokens.Count)
        {
            _entityTypes = new string?[_tokens.Count * 2];
        }

        Array.Clear(_entityTypes);

        // one encoder run gives the tagger's token vectors and the intent's sentence vector
        var encoded = _model.Settings.TaggerTokenVectors && _model.Tagger is not null ? _model.SentenceEncoder?.EncodeWithTokens(text) : null;
        var entities = ExtractEntities(text, encoded);
        var (intent, ranking) = ClassifyIntent(text, encoded?.Sentence);
        return new NluParseResult(text, intent, entities, ranking);
    }

    private (IntentPrediction Intent, IntentPrediction[] Ranking) ClassifyIntent(string text, float[]? encodedSentence)
    {
        if (_model.IntentClassifier is not { } classifier)
        {
            var only = new IntentPrediction(_model.Intents[0], 1.0);
            return (only, [only]);
        }

        _features.Clear();
        var sentenceVector = encodedSentence ?? _model.SentenceEncoder?.Encode(text);
        _intentFeaturizer.Featurize(text, _tokens, _matches, _entityTypes, _features, sentenceVector);
        classifier.Predict(_features, _intentProbabilities);
        for (var i = 0; i < _ranking.Length; i++)
        {
            _ranking[i] = i;
        }

        // stable: equal confidences keep training order
        var probabilities = _intentProbabilities;
        Array.Sort(_ranking, (a, b) => probabilities[b] != probabilities[a] ? probabilities[b].CompareTo(probabilities[a]) : a.CompareTo(b));
        var length = Math.Min(_ranking.Length, Math.Max(1, _model.Settings.IntentRankingLength));
        var ranking = new IntentPrediction[length];
        for (var i = 0; i < length; i++)
        {
            ranking[i] = new IntentPrediction(classifier.Labels[_ranking[i]], probabilities[_ranking[i]]);
        }

        return _model.Settings.FallbackThreshold is { } threshold && IsUnsure(probabilities, threshold)
            ? Fallback(threshold, ranking)
            : (ranking[0], ranking);
    }

    /// <summary>Rasa's FallbackClassifier: the top confidence is below the threshold, or the top two are too close.</summary>
    private bool IsUnsure(float[] probabilities, float threshold)
    {
        var top = probabilities[_ranking[0]];
        var ambiguity = _model.Settings.FallbackAmbiguityThreshold ?? 0.1f;
        return top < threshold || (_ranking.Length > 1 && top - probabilities[_ranking[1]] < ambiguity);
    }

    /// <summary>As Rasa: <c>nlu_fallback</c> with the threshold as its confidence, first in the ranking before the classifier's intents.</summary>
    private static (IntentPrediction Intent, IntentPrediction[] Ranking) Fallback(float threshold, IntentPrediction[] ranking)
    {
        var fallback = new IntentPrediction(Core.Domain.DomainSpec.NluFallbackIntent, (double)(decimal)threshold);
        return (fallback, [fallback, .. ranking]);
    }

    private List<ExtractedEntity> ExtractEntities(string text, EncodedText? encoded)
    {
        var entities = new List<ExtractedEntity>();
        var n = _tokens.Count;
        var claimed = n <= _claimed.Length ? _claimed.AsSpan(0, n) : new bool[n];
        claimed.Clear();

        // regex and lookup hits named after an entity type are entities by themselves, and win over the tagger
        if (_model.Patterns is { } patterns)
        {
            foreach (var match in _matches)
            {
                if (!_model.DirectPatterns[match.Pattern] || claimed[match.FirstToken..match.EndToken].Contains(true))
                {
                    continue;
                }

                claimed[match.FirstToken..match.EndToken].Fill(true);
                entities.Add(Entity(text, match.FirstToken, match.EndToken, patterns.Names[match.Pattern], null,
                    patterns.IsLookup(match.Pattern) ? LookupExtractor : RegexExtractor));
            }
        }

        if (_model.Tagger is { } tagger)
        {
            TagTokens(text, tagger, claimed, entities, encoded?.Tokens);
        }

        if (entities.Count > 1)
        {
            entities.Sort((a, b) => a.Start.CompareTo(b.Start));
        }

        return entities;
    }

    private void TagTokens(string text, EntityTagger tagger, Span<bool> claimed, List<ExtractedEntity> entities, float[]?[]? tokenVectors)
    {
        var n = _tokens.Count;
        var classes = tagger.Classifier.ClassCount;
        EnsureCapacity(ref _tokenScores, n * classes);
        EnsureCapacity(ref _work, 4 * n * classes + 2 * classes + 1);
        EnsureCapacity(ref _back, n * classes);
        EnsureCapacity(ref _tags, n);
        EnsureCapacity(ref _confidence, n);
        _gazetteerMatches.Clear();
        tagger.Gazetteer?.Match(text, _tokens, _gazetteerMatches);
        _lexicon?.Compute(BuiltinLexicon.English, text, _tokens);
        for (var t = 0; t < n; t++)
        {
            _features.Clear();
            _tokenFeaturizer.Featurize(text, _tokens, _matches, t, _features, _gazetteerMatches, tagger.Gazetteer?.Names,
                lexicon: _lexicon, tokenVectors: tokenVectors);
            tagger.Classifier.Score(_features, _tokenScores.AsSpan(t * classes, classes));
        }

        if (tagger.IsConditionalRandomField)
        {
            tagger.DecodeCrf(_tokenScores, n, _tags, _confidence, _work, _back);
        }
        else
        {
            tagger.Decode(_tokenScores, n, _tags, _confidence, _work, _back);
        }
        var i = 0;
        while (i < n)
        {
            var tag = _tags[i];
            if (tag == 0)
            {
                i++;
                continue;
            }

            var type = (tag - 1) / 2;
            var end = i + 1;
            while (end < n && _tags[end] == EntityTagger.InsideTag(type))
            {
                end++;
            }

            if (!claimed[i..end].Contains(true))
            {
                var confidence = 0.0;
                for (var t = i; t < end; t++)
                {
                    confidence += _confidence[t];
                }

                entities.Add(Entity(text, i, end, tagger.EntityTypes[type], confidence / (end - i), EntityTagger.ExtractorName));
            }

            i = end;
        }
    }

    private ExtractedEntity Entity(string text, int firstToken, int endToken, string type, double? confidence, string extractor)
    {
        _entityTypes.AsSpan(firstToken, endToken - firstToken).Fill(type);
        var start = _tokens[firstToken].Start;
        var end = _tokens[endToken - 1].End;
        var value = text[start..end];
        if (_model.Synonyms.Count > 0 && _model.Synonyms.TryGetValue(value.ToLowerInvariant(), out var synonym))
        {
            return new ExtractedEntity(start, end, synonym, type, confidence, extractor, s_synonymProcessors);
        }

        return new ExtractedEntity(start, end, value, type, confidence, extractor);
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new T[Math.Max(size, buffer.Length * 2)];
        }
    }
}
