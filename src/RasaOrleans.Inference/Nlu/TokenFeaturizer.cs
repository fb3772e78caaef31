namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Window features of one token for the entity tagger: the word and its neighbours (two each side), word pairs,
/// prefixes and suffixes, the character shape (<c>Xx</c>, <c>d</c>) of the token and its neighbours, position,
/// the regex/lookup hits covering it (<c>B</c>/<c>I</c> plus the pattern name), and the gazetteer hits (training
/// entity values) covering it, and, for English models, the built-in lexicon's word classes of the token and its
/// neighbours and the lexicon spans (place names, time expressions) around it, and, for models with
/// <see cref="NluPipelineSettings.TaggerTokenVectors"/>, the sentence encoder's contextual vector of the token as
/// real-valued features. The previous token's tag is added by the MEMM tagger, not here.
/// <para>
/// Training may hide tokens (<c>hidden</c>, word dropout): every feature that names a hidden token's word (its own
/// word, the word pairs it is in, a neighbour's view of it) is left out, as it is for a word never seen in
/// training at parse time, while its shape, length, lexicon class, context and (with <c>hiddenKeepAffixes</c>, as
/// a new word shares them with known ones) its prefixes and suffixes stay. <c>identityScale</c> below 1 makes the
/// token's own word features (word, affixes, the pairs it is in) weaker inputs, so that under the same L2 penalty
/// the tagger leans on context and shape more.
/// </para>
/// </summary>
internal sealed class TokenFeaturizer(EntityPatterns? patterns, int affixLength = 3, float identityScale = 1f, bool hiddenKeepAffixes = false,
    float tokenVectorScale = 0f)
{
    public const int PreviousTagTemplate = 40;

    private const int Bias = 1, Word = 2, Prev1 = 3, Prev2 = 4, Next1 = 5, Next2 = 6, PrevWord = 7, WordNext = 8,
        Prev2Prev1 = 9, Next1Next2 = 10, Suffix2 = 11, Suffix3 = 12, Prefix2 = 13, Prefix3 = 14, Shape = 15,
        PrevShape = 16, NextShape = 17, First = 18, Last = 19, Length = 20, Pattern = 21, PrevPattern = 22,
        NextPattern = 23, Title = 24, Gazetteer = 25, PrevGazetteer = 26, NextGazetteer = 27, Suffix1 = 28, Prefix1 = 29,
        Suffix4 = 30, Prefix4 = 31, WordClassOf = 32, PrevWordClass = 33, NextWordClass = 34, Lexicon = 35,
        PrevLexicon = 36, NextLexicon = 37, TokenVector = 38;

    // one real-valued feature per dimension of the encoder's token vectors
    private static readonly ulong[] s_vectorKeys =
        [.. Enumerable.Range(0, 1024).Select(d => FeatureHash.Add(FeatureHash.Start(TokenVector), (char)d))];

    /// <summary>A tagger featurizer with the model's settings.</summary>
    public static TokenFeaturizer For(EntityPatterns? patterns, NluPipelineSettings settings) =>
        new(patterns, settings.TaggerAffixLength, settings.TaggerIdentityScale, settings.TaggerDropoutKeepsAffixes,
            settings.TaggerTokenVectors ? settings.TaggerTokenVectorScale ?? NluPipelineSettings.DefaultTokenVectorScale : 0f);

    public void Featurize(string text, List<NluToken> tokens, List<PatternMatch> matches, int i, HashedFeatures sink,
        List<PatternMatch>? gazetteerMatches = null, IReadOnlyList<string>? gazetteerNames = null, bool hideWord = false,
        LexiconHits? lexicon = null, bool[]? hidden = null, float[]?[]? tokenVectors = null)
    {
        var token = text.AsSpan(tokens[i].Start, tokens[i].Length);
        sink.Add(FeatureHash.Start(Bias));
        var own = hidden is null || !hidden[i];
        if (!hideWord && own)
        {
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Word), token), identityScale);
        }

        AddIfVisible(sink, Neighbour(Prev1, text, tokens, i - 1), hidden, i - 1, i - 1);
        AddIfVisible(sink, Neighbour(Prev2, text, tokens, i - 2), hidden, i - 2, i - 2);
        AddIfVisible(sink, Neighbour(Next1, text, tokens, i + 1), hidden, i + 1, i + 1);
        AddIfVisible(sink, Neighbour(Next2, text, tokens, i + 2), hidden, i + 2, i + 2);
        AddIfVisible(sink, Pair(PrevWord, text, tokens, i - 1), hidden, i - 1, i, identityScale);
        AddIfVisible(sink, Pair(WordNext, text, tokens, i), hidden, i, i + 1, identityScale);
        AddIfVisible(sink, Pair(Prev2Prev1, text, tokens, i - 2), hidden, i - 2, i - 1);
        AddIfVisible(sink, Pair(Next1Next2, text, tokens, i + 1), hidden, i + 1, i + 2);
        if (own || hiddenKeepAffixes)
        {
            AddAffixes(token, sink);
        }

        if (gazetteerMatches is not null && gazetteerNames is not null)
        {
            foreach (var match in gazetteerMatches)
            {
                var name = gazetteerNames[match.Pattern];
                if (match.FirstToken <= i && i < match.EndToken)
                {
                    sink.Add(FeatureHash.Add(FeatureHash.AddLower(FeatureHash.Start(Gazetteer), name), i == match.FirstToken ? 'B' : 'I'));
                }
                else if (match.EndToken == i)
                {
                    sink.Add(FeatureHash.AddLower(FeatureHash.Start(PrevGazetteer), name));
                }
                else if (match.FirstToken == i + 1)
                {
                    sink.Add(FeatureHash.AddLower(FeatureHash.Start(NextGazetteer), name));
                }
            }
        }

        if (lexicon is not null)
        {
            AddLexicon(lexicon, tokens.Count, i, sink);
        }

        sink.Add(ShapeOf(Shape, text, tokens, i));
        sink.Add(ShapeOf(PrevShape, text, tokens, i - 1));
        sink.Add(ShapeOf(NextShape, text, tokens, i + 1));
        if (char.IsUpper(token[0]))
        {
            sink.Add(FeatureHash.Start(Title));
        }

        if (i == 0)
        {
            sink.Add(FeatureHash.Start(First));
        }

        if (i == tokens.Count - 1)
        {
            sink.Add(FeatureHash.Start(Last));
        }

        sink.Add(FeatureHash.Add(FeatureHash.Start(Length), (char)Math.Min(token.Length, 8)));
        if (tokenVectors is not null && tokenVectorScale > 0)
        {
            AddTokenVector(tokenVectors[i], sink);
        }

        if (patterns is null)
        {
            return;
        }

        foreach (var match in matches)
        {
            var name = patterns.Names[match.Pattern];
            if (match.FirstToken <= i && i < match.EndToken)
            {
                sink.Add(FeatureHash.Add(FeatureHash.AddLower(FeatureHash.Start(Pattern), name), i == match.FirstToken ? 'B' : 'I'));
            }
            else if (match.EndToken == i)
            {
                sink.Add(FeatureHash.AddLower(FeatureHash.Start(PrevPattern), name));
            }
            else if (match.FirstToken == i + 1)
            {
                sink.Add(FeatureHash.AddLower(FeatureHash.Start(NextPattern), name));
            }
        }
    }

    /// <summary>The encoder's vector of the token, scaled to length <c>tokenVectorScale</c> (its raw length varies by word).</summary>
    private void AddTokenVector(float[]? vector, HashedFeatures sink)
    {
        if (vector is null)
        {
            return;
        }

        var squares = 0f;
        foreach (var v in vector)
        {
            squares += v * v;
        }

        if (squares <= 0)
        {
            return;
        }

        var scale = tokenVectorScale / MathF.Sqrt(squares);
        for (var d = 0; d < vector.Length && d < s_vectorKeys.Length; d++)
        {
            sink.Add(s_vectorKeys[d], vector[d] * scale);
        }
    }

    private void AddAffixes(ReadOnlySpan<char> token, HashedFeatures sink)
    {
        if (token.Length > 2)
        {
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Suffix2), token[^2..]), identityScale);
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Prefix2), token[..2]), identityScale);
        }

        if (token.Length > 3)
        {
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Suffix3), token[^3..]), identityScale);
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Prefix3), token[..3]), identityScale);
        }

        if (affixLength >= 4 && token.Length > 4)
        {
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Suffix4), token[^4..]), identityScale);
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Prefix4), token[..4]), identityScale);
        }

        if (affixLength >= 4 && token.Length > 1)
        {
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Suffix1), token[^1..]), identityScale);
            sink.Add(FeatureHash.AddLower(FeatureHash.Start(Prefix1), token[..1]), identityScale);
        }
    }

    /// <summary>Adds a feature unless it names a hidden token (<paramref name="from"/>..<paramref name="to"/>).</summary>
    private static void AddIfVisible(HashedFeatures sink, ulong key, bool[]? hidden, int from, int to, float value = 1f)
    {
        if (hidden is not null)
        {
            for (var k = Math.Max(0, from); k <= to && k < hidden.Length; k++)
            {
                if (hidden[k])
                {
                    return;
                }
            }
        }

        sink.Add(key, value);
    }

    private static void AddLexicon(LexiconHits lexicon, int n, int i, HashedFeatures sink)
    {
        var classes = lexicon.Classes;
        if (classes[i] != WordClass.None)
        {
            sink.Add(FeatureHash.Add(FeatureHash.Start(WordClassOf), (char)classes[i]));
        }

        if (i > 0 && classes[i - 1] != WordClass.None)
        {
            sink.Add(FeatureHash.Add(FeatureHash.Start(PrevWordClass), (char)classes[i - 1]));
        }

        if (i + 1 < n && classes[i + 1] != WordClass.None)
        {
            sink.Add(FeatureHash.Add(FeatureHash.Start(NextWordClass), (char)classes[i + 1]));
        }

        foreach (var span in lexicon.Spans)
        {
            if (span.FirstToken <= i && i < span.EndToken)
            {
                var position = i == span.FirstToken ? 'B' : 'I';
                sink.Add(FeatureHash.Add(FeatureHash.Add(FeatureHash.Start(Lexicon), (char)span.Pattern), position));
                if (i + 1 == span.EndToken)
                {
                    sink.Add(FeatureHash.Add(FeatureHash.Add(FeatureHash.Start(Lexicon), (char)span.Pattern), 'E'));
                }
            }
            else if (span.EndToken == i)
            {
                sink.Add(FeatureHash.Add(FeatureHash.Start(PrevLexicon), (char)span.Pattern));
            }
            else if (span.FirstToken == i + 1)
            {
                sink.Add(FeatureHash.Add(FeatureHash.Start(NextLexicon), (char)span.Pattern));
            }
        }
    }

    private static ulong Neighbour(int template, string text, List<NluToken> tokens, int j)
    {
        var hash = FeatureHash.Start(template);
        return j < 0 ? FeatureHash.Add(hash, '\u0002')
            : j >= tokens.Count ? FeatureHash.Add(hash, '\u0003')
            : FeatureHash.AddLower(hash, text.AsSpan(tokens[j].Start, tokens[j].Length));
    }

    private static ulong Pair(int template, string text, List<NluToken> tokens, int j)
    {
        var hash = FeatureHash.Start(template);
        for (var k = j; k <= j + 1; k++)
        {
            hash = k < 0 ? FeatureHash.Add(hash, '\u0002')
                : k >= tokens.Count ? FeatureHash.Add(hash, '\u0003')
                : FeatureHash.AddLower(hash, text.AsSpan(tokens[k].Start, tokens[k].Length));
            hash = FeatureHash.Separator(hash);
        }

        return hash;
    }

    private static ulong ShapeOf(int template, string text, List<NluToken> tokens, int j)
    {
        var hash = FeatureHash.Start(template);
        if (j < 0 || j >= tokens.Count)
        {
            return FeatureHash.Add(hash, '\u0002');
        }

        var previous = '\0';
        foreach (var c in text.AsSpan(tokens[j].Start, tokens[j].Length))
        {
            var s = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : c;
            if (s != previous)
            {
                hash = FeatureHash.Add(hash, s);
                previous = s;
            }
        }

        return hash;
    }
}
