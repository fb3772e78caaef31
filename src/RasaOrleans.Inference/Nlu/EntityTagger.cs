namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// The learned per-token entity tagger: a linear classifier over <see cref="TokenFeaturizer"/> features with
/// BIO tags (<c>O</c>, <c>B-type</c>, <c>I-type</c>), decoded with Viterbi so that an <c>I-</c> tag only follows
/// a tag of the same type.
/// </summary>
internal sealed class EntityTagger(LinearClassifier classifier, IReadOnlyList<string> entityTypes)
{
    public const string ExtractorName = "ner_crf";

    public LinearClassifier Classifier { get; } = classifier;

    public IReadOnlyList<string> EntityTypes { get; } = entityTypes;

    public static string[] TagNames(IReadOnlyList<string> entityTypes) =>
        ["O", .. entityTypes.SelectMany(t => new[] { "B-" + t, "I-" + t })];

    public static int BeginTag(int type) => 1 + 2 * type;

    public static int InsideTag(int type) => 2 + 2 * type;

    /// <summary>
    /// The best tag sequence for token probabilities <paramref name="probabilities"/> (<c>n × classes</c>,
    /// row-major), written to <paramref name="tags"/>.
    /// </summary>
    public static void Decode(ReadOnlySpan<float> probabilities, int n, int classes, Span<int> tags, float[] scores, int[] back)
    {
        for (var c = 0; c < classes; c++)
        {
            scores[c] = IsInside(c) ? float.NegativeInfinity : Log(probabilities[c]);
        }

        for (var t = 1; t < n; t++)
        {
            var previous = scores.AsSpan((t - 1) * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (previous[c] > previous[best])
                {
                    best = c;
                }
            }

            for (var c = 0; c < classes; c++)
            {
                var from = best;
                if (IsInside(c))
                {
                    from = previous[c - 1] >= previous[c] ? c - 1 : c;
                }

                scores[t * classes + c] = previous[from] + Log(probabilities[t * classes + c]);
                back[t * classes + c] = from;
            }
        }

        var last = scores.AsSpan((n - 1) * classes, classes);
        var tag = 0;
        for (var c = 1; c < classes; c++)
        {
            if (last[c] > last[tag])
            {
                tag = c;
            }
        }

        for (var t = n - 1; t >= 0; t--)
        {
            tags[t] = tag;
            if (t > 0)
            {
                tag = back[t * classes + tag];
            }
        }
    }

    private static bool IsInside(int tag) => tag > 0 && tag % 2 == 0;

    private static float Log(float p) => MathF.Log(MathF.Max(p, 1e-12f));
}
