namespace RasaOrleans.Inference.Nlu;

/// <summary>Poolings of one text's last hidden states, each unit length (EXPERIMENT).</summary>
internal sealed record SentencePools(float[] Mean, float[] Max, float[] Cls, float[] MeanWithoutSpecial, float[] ContentMean)
{
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "me", "my", "you", "your", "we", "our", "it", "its", "he", "she", "they", "them", "is", "are",
        "was", "were", "be", "been", "am", "do", "does", "did", "to", "of", "in", "on", "at", "for", "with", "and", "or",
        "but", "so", "if", "that", "this", "these", "those", "there", "what", "which", "who", "how", "can", "could",
        "would", "should", "will", "please", "from", "by", "as", "about", "into", "any", "some", "have", "has", "had",
        "not", "no", "s", "t", "m",
    };

    /// <summary>The pools of pieces' states <paramref name="states"/> (rows of <paramref name="d"/>), [CLS] first and [SEP] last.</summary>
    public static SentencePools Of(string text, List<WordPiece> pieces, ReadOnlySpan<float> states, int d)
    {
        var count = pieces.Count;
        var mean = new float[d];
        var max = new float[d];
        var inner = new float[d];
        var content = new float[d];
        max.AsSpan().Fill(float.NegativeInfinity);
        int innerCount = 0, contentCount = 0;
        for (var j = 0; j < count; j++)
        {
            var row = states.Slice(j * d, d);
            var special = pieces[j].End <= pieces[j].Start;
            var word = special ? "" : WordAt(text, pieces[j].Start);
            var isContent = !special && word.Length > 0 && char.IsLetterOrDigit(word[0]) && !s_stopWords.Contains(word);
            for (var k = 0; k < d; k++)
            {
                mean[k] += row[k];
                max[k] = MathF.Max(max[k], row[k]);
                if (!special)
                {
                    inner[k] += row[k];
                }

                if (isContent)
                {
                    content[k] += row[k];
                }
            }

            innerCount += special ? 0 : 1;
            contentCount += isContent ? 1 : 0;
        }

        var cls = states[..d].ToArray();
        if (contentCount == 0)
        {
            inner.CopyTo(content, 0);
        }

        if (innerCount == 0)
        {
            mean.CopyTo(inner, 0);
            mean.CopyTo(content, 0);
        }

        foreach (var v in new[] { mean, max, cls, inner, content })
        {
            Normalize(v);
        }

        return new SentencePools(mean, max, cls, inner, content);
    }

    /// <summary>The intent classifier's vector: the encoder's sentence vector, or the settings' pooling, with a second encoder's appended.</summary>
    public static float[] IntentVector(NluPipelineSettings settings, EncodedText encoded, EncodedText? second)
    {
        var first = settings.IntentPooling is { } pooling ? encoded.Pools!.Get(pooling) : encoded.Sentence;
        return second is null ? first : [.. first, .. second.Sentence];
    }

    /// <summary>The intent vector of a pooling name.</summary>
    public float[] Get(string pooling) => pooling switch
    {
        "mean" => Mean,
        "max" => Max,
        "cls" => Cls,
        "inner" => MeanWithoutSpecial,
        "content" => ContentMean,
        "mean_max" => [.. Mean, .. Max],
        "mean_cls" => [.. Mean, .. Cls],
        "mean_content" => [.. Mean, .. ContentMean],
        _ => throw new ArgumentException($"unknown pooling '{pooling}'"),
    };

    /// <summary>The lower-cased word (letters and digits) that starts at or contains <paramref name="at"/>.</summary>
    private static string WordAt(string text, int at)
    {
        var start = at;
        while (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            start--;
        }

        var end = at;
        while (end < text.Length && char.IsLetterOrDigit(text[end]))
        {
            end++;
        }

        return end > start ? text[start..end].ToLowerInvariant() : text.Substring(at, 1);
    }

    private static void Normalize(float[] vector)
    {
        var squares = 0f;
        foreach (var v in vector)
        {
            squares += v * v;
        }

        var scale = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (var k = 0; k < vector.Length; k++)
        {
            vector[k] *= scale;
        }
    }
}
