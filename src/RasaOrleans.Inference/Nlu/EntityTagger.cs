using RasaOrleans.Core.Nlu;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// The learned per-token entity tagger: a maximum-entropy Markov model. A linear classifier over
/// <see cref="TokenFeaturizer"/> features plus the previous token's tag gives <c>P(tag | previous tag, token)</c>
/// for BIO tags (<c>O</c>, <c>B-type</c>, <c>I-type</c>); Viterbi finds the best sequence, with an <c>I-</c> tag
/// only after a tag of the same type. Optionally a gazetteer of the entity values seen in training adds
/// "this token is part of a known value of type X" features. Immutable and thread-safe.
/// </summary>
internal sealed class EntityTagger
{
    public const string ExtractorName = "ner_crf";

    // the transition weights of tag p into every tag: the classifier's row for feature "previous tag = p"
    private readonly float[] _transitions;
    private readonly float[] _transitionExp;

    public EntityTagger(LinearClassifier classifier, IReadOnlyList<string> entityTypes, IReadOnlyList<LookupTable>? gazetteer = null,
        bool conditionalRandomField = false)
    {
        Classifier = classifier;
        IsConditionalRandomField = conditionalRandomField;
        EntityTypes = entityTypes;
        GazetteerTables = gazetteer ?? [];
        Gazetteer = GazetteerTables.Count > 0 ? new EntityPatterns([], GazetteerTables) : null;
        var classes = classifier.ClassCount;
        _transitions = new float[(classes + 1) * classes];
        _transitionExp = new float[(classes + 1) * classes];
        for (var p = 0; p <= classes; p++)
        {
            if (classifier.TryGetWeights(PreviousTagFeature(p, classes), out var row))
            {
                row.CopyTo(_transitions.AsSpan(p * classes, classes));
            }

            for (var c = 0; c < classes; c++)
            {
                _transitionExp[p * classes + c] = MathF.Exp(_transitions[p * classes + c]);
            }
        }
    }

    public LinearClassifier Classifier { get; }

    /// <summary>
    /// Whether the weights are a linear-chain CRF's (<see cref="CrfTrainer"/>: scores of whole sequences,
    /// decoded without per-token normalization) rather than a maximum-entropy Markov model's.
    /// </summary>
    public bool IsConditionalRandomField { get; }

    public IReadOnlyList<string> EntityTypes { get; }

    /// <summary>Entity values from the training data, one table per entity type (empty: no gazetteer).</summary>
    public IReadOnlyList<LookupTable> GazetteerTables { get; }

    public EntityPatterns? Gazetteer { get; }

    public static string[] TagNames(IReadOnlyList<string> entityTypes) =>
        ["O", .. entityTypes.SelectMany(t => new[] { "B-" + t, "I-" + t })];

    public static int BeginTag(int type) => 1 + 2 * type;

    public static int InsideTag(int type) => 2 + 2 * type;

    /// <summary>The feature "the previous token's tag is <paramref name="tag"/>" (<paramref name="classes"/>: start of text).</summary>
    public static ulong PreviousTagFeature(int tag, int classes) =>
        FeatureHash.Add(FeatureHash.Start(TokenFeaturizer.PreviousTagTemplate), (char)(tag == classes ? 0xFFFF : tag));

    /// <summary>
    /// The best tag sequence for the per-token scores <paramref name="scores"/> (<c>n × classes</c>, row-major,
    /// without the previous-tag feature), written to <paramref name="tags"/>; <paramref name="confidence"/>
    /// gets each chosen tag's probability given the chosen previous tag.
    /// <paramref name="work"/> needs <c>n × classes × 2 + 2 × classes</c> floats, <paramref name="back"/> <c>n × classes</c>.
    /// </summary>
    public void Decode(ReadOnlySpan<float> scores, int n, Span<int> tags, Span<float> confidence, Span<float> work, Span<int> back)
    {
        var classes = Classifier.ClassCount;
        var delta = work[..(n * classes)];
        var logP = work.Slice(n * classes, n * classes); // log P(c | best previous) for the back-pointer
        var exp = work.Slice(2 * n * classes, classes);
        var logZ = work.Slice(2 * n * classes + classes, classes + 1);
        for (var t = 0; t < n; t++)
        {
            var row = scores.Slice(t * classes, classes);
            var max = ExpMinusMax(row, exp);

            // normalizer of P(. | p) for every previous tag p: sum over c of exp(score c + transition p→c)
            var firstPrevious = t == 0 ? classes : 0;
            var lastPrevious = t == 0 ? classes : classes - 1;
            for (var p = firstPrevious; p <= lastPrevious; p++)
            {
                var te = _transitionExp.AsSpan(p * classes, classes);
                var z = 0f;
                for (var c = 0; c < classes; c++)
                {
                    z += exp[c] * te[c];
                }

                logZ[p] = MathF.Log(z) + max;
            }

            var previous = t == 0 ? default : delta.Slice((t - 1) * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                var bestScore = float.NegativeInfinity;
                var bestFrom = 0;
                var bestLogP = float.NegativeInfinity;
                for (var p = firstPrevious; p <= lastPrevious; p++)
                {
                    if (IsInside(c) && p != c && p != c - 1)
                    {
                        continue; // I-X only after B-X or I-X
                    }

                    var lp = row[c] + _transitions[p * classes + c] - logZ[p];
                    var total = t == 0 ? lp : previous[p] + lp;
                    if (total > bestScore)
                    {
                        bestScore = total;
                        bestFrom = p;
                        bestLogP = lp;
                    }
                }

                delta[t * classes + c] = bestScore;
                back[t * classes + c] = bestFrom;
                logP[t * classes + c] = bestLogP;
            }
        }

        var last = delta.Slice((n - 1) * classes, classes);
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
            confidence[t] = MathF.Exp(logP[t * classes + tag]);
            if (t > 0)
            {
                tag = back[t * classes + tag];
            }
        }
    }

    /// <summary>Whether tag <paramref name="c"/> may follow tag <paramref name="p"/> (<paramref name="classes"/>: start of text) under BIO.</summary>
    public static bool IsAllowed(int p, int c, int classes) => !IsInside(c) || (p != classes && (p == c || p == c - 1));

    /// <summary>
    /// The CRF's best tag sequence (Viterbi over emission plus transition scores) and, as each chosen tag's
    /// confidence, its marginal probability (forward-backward, in scaled probability space so that it needs one
    /// exponential per token and tag). <paramref name="work"/> needs <c>4 × n × classes + classes + 1</c> floats,
    /// <paramref name="back"/> <c>n × classes</c>.
    /// </summary>
    public void DecodeCrf(ReadOnlySpan<float> scores, int n, Span<int> tags, Span<float> confidence, Span<float> work, Span<int> back)
    {
        var classes = Classifier.ClassCount;
        var delta = work[..(n * classes)];
        var alpha = work.Slice(n * classes, n * classes);
        var beta = work.Slice(2 * n * classes, n * classes);
        var emission = work.Slice(3 * n * classes, n * classes);
        var start = classes * classes;

        // emission factors exp(score - row max); each step's scale cancels in the marginals
        for (var t = 0; t < n; t++)
        {
            ExpMinusMax(scores.Slice(t * classes, classes), emission.Slice(t * classes, classes));
        }

        var sum = 0f;
        for (var c = 0; c < classes; c++)
        {
            delta[c] = scores[c] + _transitions[start + c];
            alpha[c] = emission[c] * _transitionExp[start + c];
            sum += alpha[c];
        }

        Normalize(alpha[..classes], sum);
        for (var t = 1; t < n; t++)
        {
            sum = 0f;
            for (var c = 0; c < classes; c++)
            {
                var best = float.NegativeInfinity;
                var bestFrom = 0;
                var forward = 0f;
                for (var p = 0; p < classes; p++)
                {
                    var v = delta[(t - 1) * classes + p] + _transitions[p * classes + c];
                    if (v > best)
                    {
                        best = v;
                        bestFrom = p;
                    }

                    forward += alpha[(t - 1) * classes + p] * _transitionExp[p * classes + c];
                }

                delta[t * classes + c] = best + scores[t * classes + c];
                back[t * classes + c] = bestFrom;
                alpha[t * classes + c] = forward * emission[t * classes + c];
                sum += alpha[t * classes + c];
            }

            Normalize(alpha.Slice(t * classes, classes), sum);
        }

        beta.Slice((n - 1) * classes, classes).Fill(1f);
        for (var t = n - 2; t >= 0; t--)
        {
            sum = 0f;
            for (var p = 0; p < classes; p++)
            {
                var backward = 0f;
                for (var c = 0; c < classes; c++)
                {
                    backward += _transitionExp[p * classes + c] * emission[(t + 1) * classes + c] * beta[(t + 1) * classes + c];
                }

                beta[t * classes + p] = backward;
                sum += backward;
            }

            Normalize(beta.Slice(t * classes, classes), sum);
        }

        var tag = 0;
        for (var c = 1; c < classes; c++)
        {
            if (delta[(n - 1) * classes + c] > delta[(n - 1) * classes + tag])
            {
                tag = c;
            }
        }

        for (var t = n - 1; t >= 0; t--)
        {
            tags[t] = tag;
            var z = 0f;
            for (var c = 0; c < classes; c++)
            {
                z += alpha[t * classes + c] * beta[t * classes + c];
            }

            confidence[t] = z > 0 ? alpha[t * classes + tag] * beta[t * classes + tag] / z : 0f;
            if (t > 0)
            {
                tag = back[t * classes + tag];
            }
        }
    }

    /// <summary>Writes <c>exp(score - max)</c> of every score into <paramref name="factors"/> and returns the max.</summary>
    private static float ExpMinusMax(ReadOnlySpan<float> scores, Span<float> factors)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }

        for (var c = 0; c < scores.Length; c++)
        {
            factors[c] = MathF.Exp(scores[c] - max);
        }

        return max;
    }

    private static void Normalize(Span<float> values, float sum)
    {
        if (sum > 0)
        {
            var scale = 1f / sum;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= scale;
            }
        }
    }

    private static bool IsInside(int tag) => tag > 0 && tag % 2 == 0;
}
