namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Bag-of-n-grams features for the intent classifier, like Rasa's CountVectorsFeaturizer: lower-cased word
/// n-grams, character n-grams inside word boundaries (char_wb), and the names of matching regexes and lookup
/// tables. Each group is scaled to unit length so that long messages do not dominate. With a sentence encoder
/// (LanguageModelFeaturizer) its vector's components are dense features next to them.
/// </summary>
internal sealed class IntentFeaturizer(NluPipelineSettings settings, EntityPatterns? patterns)
{
    private const int WordTemplate = 100;
    private const int CharTemplate = 200;
    private const int PatternTemplate = 300;
    private const int SentenceTemplate = 400;

    /// <summary>The feature keys of a sentence vector's components, computed once.</summary>
    private ulong[] _sentenceKeys = [];

    /// <summary>The feature keys of the sentence vector's components (empty before a vector was featurized).</summary>
    public IReadOnlyList<ulong> SentenceKeys => _sentenceKeys;

    /// <param name="entityTypes">
    /// Per token, the entity type found there or null. With <see cref="NluPipelineSettings.MaskEntitiesForIntent"/>
    /// such a token counts as its type (<c>@city</c>) rather than its words, so that entity values seen with
    /// one intent in training do not pull other messages towards it.
    /// </param>
    /// <param name="sentenceVector">The sentence encoder's vector of <paramref name="text"/>, or empty without an encoder.</param>
    public void Featurize(string text, List<NluToken> tokens, List<PatternMatch> matches, string?[]? entityTypes, HashedFeatures sink,
        ReadOnlySpan<float> sentenceVector = default)
    {
        if (!sentenceVector.IsEmpty)
        {
            AddSentenceVector(sentenceVector, sink);
        }

        var mask = settings.MaskEntitiesForIntent ? entityTypes : null;
        var from = sink.Count;
        for (var n = settings.WordMinNgram; n <= settings.WordMaxNgram; n++)
        {
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                var hash = FeatureHash.Start(WordTemplate + n);
                for (var k = i; k < i + n; k++)
                {
                    hash = mask?[k] is { } type
                        ? FeatureHash.AddLower(FeatureHash.Add(hash, '@'), type)
                        : FeatureHash.AddLower(hash, text.AsSpan(tokens[k].Start, tokens[k].Length));
                    hash = FeatureHash.Separator(hash);
                }

                sink.Add(hash);
            }
        }

        sink.NormalizeFrom(from);

        if (settings.CharMaxNgram > 0)
        {
            from = sink.Count;
            for (var t = 0; t < tokens.Count; t++)
            {
                if (tokens[t].IsWord && mask?[t] is null)
                {
                    AddCharNgrams(text.AsSpan(tokens[t].Start, tokens[t].Length), sink);
                }
            }

            sink.NormalizeFrom(from);
        }

        if (patterns is not null)
        {
            foreach (var match in matches)
            {
                sink.Add(FeatureHash.Of(PatternTemplate, patterns.Names[match.Pattern]));
            }
        }
    }

    private void AddSentenceVector(ReadOnlySpan<float> vector, HashedFeatures sink)
    {
        if (_sentenceKeys.Length != vector.Length)
        {
            var keys = new ulong[vector.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = FeatureHash.Add(FeatureHash.Add(FeatureHash.Start(SentenceTemplate), (char)(i & 0xffff)), (char)(i >> 16));
            }

            _sentenceKeys = keys;
        }

        var weight = settings.SentenceFeatureWeight ?? 1f;
        for (var i = 0; i < vector.Length; i++)
        {
            sink.Add(_sentenceKeys[i], vector[i] * weight);
        }
    }

    private void AddCharNgrams(ReadOnlySpan<char> word, HashedFeatures sink)
    {
        // the word padded with one space on each side, as scikit-learn's char_wb analyzer does
        var padded = word.Length + 2;
        for (var n = Math.Max(1, settings.CharMinNgram); n <= settings.CharMaxNgram; n++)
        {
            if (n > padded)
            {
                break;
            }

            for (var start = 0; start + n <= padded; start++)
            {
                if (n == 1 && (start == 0 || start == padded - 1))
                {
                    continue;
                }

                var hash = FeatureHash.Start(CharTemplate + n);
                for (var k = start; k < start + n; k++)
                {
                    var c = k == 0 || k == padded - 1 ? ' ' : char.ToLowerInvariant(word[k - 1]);
                    hash = FeatureHash.Add(hash, c);
                }

                sink.Add(hash);
            }
        }
    }
}
