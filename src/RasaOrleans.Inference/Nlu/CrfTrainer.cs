namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Trains a linear-chain conditional random field over BIO tags: per-token feature weights (emissions) and
/// tag-to-tag transition weights, fitted together by maximizing the L2-regularized log-likelihood of whole tag
/// sequences (forward-backward for the gradient, <see cref="Lbfgs"/> to optimize). Unlike the per-token
/// maximum-entropy Markov model, the sequence is normalized as a whole, so a confident later token can overrule
/// an earlier one. Transitions that break BIO (an <c>I-X</c> not after <c>B-X</c>/<c>I-X</c>) are impossible in
/// training as in decoding. The result is stored as a <see cref="LinearClassifier"/> whose rows for the
/// "previous tag" features (<see cref="EntityTagger.PreviousTagFeature"/>) hold the transitions.
/// </summary>
internal static class CrfTrainer
{
    public sealed record Sequence(ulong[][] Keys, float[][] Values, int[] Tags);

    /// <param name="missCost">
    /// Softmax-margin cost of tagging an entity token with anything but its tag: training then prefers weights
    /// that win such tokens by a margin, which trades a little precision for recall (0: plain likelihood).
    /// </param>
    public static LinearClassifier Train(IReadOnlyList<Sequence> sequences, string[] labels, float l2, float tolerance,
        float missCost = 0, int maxIterations = 300, CancellationToken cancellationToken = default)
    {
        var classes = labels.Length;

        // feature numbers in order of first appearance: deterministic for the same data
        var index = new Dictionary<ulong, int>();
        var keys = new List<ulong>();
        var compiled = new List<(int[][] Features, float[][] Values, int[] Tags)>(sequences.Count);
        foreach (var sequence in sequences)
        {
            var features = new int[sequence.Keys.Length][];
            for (var t = 0; t < sequence.Keys.Length; t++)
            {
                features[t] = new int[sequence.Keys[t].Length];
                for (var k = 0; k < sequence.Keys[t].Length; k++)
                {
                    var key = sequence.Keys[t][k];
                    if (!index.TryGetValue(key, out var f))
                    {
                        f = keys.Count;
                        index.Add(key, f);
                        keys.Add(key);
                    }

                    features[t][k] = f;
                }
            }

            if (sequence.Tags.Length > 0)
            {
                compiled.Add((features, sequence.Values, sequence.Tags));
            }
        }

        var emissionCount = keys.Count * classes;
        var transitionOffset = emissionCount;
        var x = new double[emissionCount + (classes + 1) * classes];
        var allowed = new bool[(classes + 1) * classes];
        for (var p = 0; p <= classes; p++)
        {
            for (var c = 0; c < classes; c++)
            {
                allowed[p * classes + c] = EntityTagger.IsAllowed(p, c, classes);
            }
        }

        var maxLength = compiled.Count == 0 ? 0 : compiled.Max(s => s.Tags.Length);
        var emission = new double[maxLength * classes];
        var alpha = new double[maxLength * classes];
        var beta = new double[maxLength * classes];
        var scratch = new double[classes + 1];

        double Objective(ReadOnlySpan<double> w, Span<double> gradient)
        {
            gradient.Clear();
            var loss = 0.0;
            foreach (var (features, values, tags) in compiled)
            {
                var n = tags.Length;

                // emission scores
                for (var t = 0; t < n; t++)
                {
                    var row = emission.AsSpan(t * classes, classes);
                    row.Clear();
                    for (var k = 0; k < features[t].Length; k++)
                    {
                        var weights = w.Slice(features[t][k] * classes, classes);
                        var v = values[t][k];
                        for (var c = 0; c < classes; c++)
                        {
                            row[c] += v * weights[c];
                        }
                    }

                    if (missCost > 0 && tags[t] != 0)
                    {
                        for (var c = 0; c < classes; c++)
                        {
                            row[c] += c == tags[t] ? 0 : missCost;
                        }
                    }
                }

                // forward (log space)
                for (var c = 0; c < classes; c++)
                {
                    alpha[c] = allowed[classes * classes + c]
                        ? emission[c] + w[transitionOffset + classes * classes + c]
                        : double.NegativeInfinity;
                }

                for (var t = 1; t < n; t++)
                {
                    for (var c = 0; c < classes; c++)
                    {
                        var count = 0;
                        for (var p = 0; p < classes; p++)
                        {
                            if (allowed[p * classes + c])
                            {
                                scratch[count++] = alpha[(t - 1) * classes + p] + w[transitionOffset + p * classes + c];
                            }
                        }

                        alpha[t * classes + c] = emission[t * classes + c] + LogSumExp(scratch.AsSpan(0, count));
                    }
                }

                var logZ = LogSumExp(alpha.AsSpan((n - 1) * classes, classes));

                // backward
                beta.AsSpan((n - 1) * classes, classes).Clear();
                for (var t = n - 2; t >= 0; t--)
                {
                    for (var p = 0; p < classes; p++)
                    {
                        var count = 0;
                        for (var c = 0; c < classes; c++)
                        {
                            if (allowed[p * classes + c])
                            {
                                scratch[count++] = w[transitionOffset + p * classes + c] + emission[(t + 1) * classes + c] + beta[(t + 1) * classes + c];
                            }
                        }

                        beta[t * classes + p] = LogSumExp(scratch.AsSpan(0, count));
                    }
                }

                // loss = log Z - score of the gold sequence
                var gold = emission[tags[0]] + w[transitionOffset + classes * classes + tags[0]];
                for (var t = 1; t < n; t++)
                {
                    gold += emission[t * classes + tags[t]] + w[transitionOffset + tags[t - 1] * classes + tags[t]];
                }

                loss += logZ - gold;

                // gradient: expected minus observed feature counts
                for (var t = 0; t < n; t++)
                {
                    for (var c = 0; c < classes; c++)
                    {
                        var marginal = Math.Exp(alpha[t * classes + c] + beta[t * classes + c] - logZ);
                        var delta = marginal - (tags[t] == c ? 1 : 0);
                        if (delta == 0)
                        {
                            continue;
                        }

                        for (var k = 0; k < features[t].Length; k++)
                        {
                            gradient[features[t][k] * classes + c] += values[t][k] * delta;
                        }

                        if (t == 0)
                        {
                            gradient[transitionOffset + classes * classes + c] += delta;
                        }
                    }

                    if (t == 0)
                    {
                        continue;
                    }

                    for (var p = 0; p < classes; p++)
                    {
                        var fromAlpha = alpha[(t - 1) * classes + p];
                        if (double.IsNegativeInfinity(fromAlpha))
                        {
                            continue;
                        }

                        for (var c = 0; c < classes; c++)
                        {
                            if (!allowed[p * classes + c])
                            {
                                continue;
                            }

                            var pair = Math.Exp(fromAlpha + w[transitionOffset + p * classes + c] + emission[t * classes + c] +
                                                beta[t * classes + c] - logZ);
                            gradient[transitionOffset + p * classes + c] += pair;
                        }
                    }

                    gradient[transitionOffset + tags[t - 1] * classes + tags[t]] -= 1;
                }
            }

            // L2 penalty on every weight
            for (var i = 0; i < w.Length; i++)
            {
                loss += 0.5 * l2 * w[i] * w[i];
                gradient[i] += l2 * w[i];
            }

            return loss;
        }

        Lbfgs.Minimize(Objective, x, maxIterations, tolerance, cancellationToken: cancellationToken);

        var allKeys = new ulong[keys.Count + classes + 1];
        keys.CopyTo(allKeys);
        var weights = new float[allKeys.Length * classes];
        for (var i = 0; i < emissionCount; i++)
        {
            weights[i] = (float)x[i];
        }

        for (var p = 0; p <= classes; p++)
        {
            allKeys[keys.Count + p] = EntityTagger.PreviousTagFeature(p, classes);
            for (var c = 0; c < classes; c++)
            {
                // impossible transitions keep a very negative weight so that no decoder ever takes them
                weights[(keys.Count + p) * classes + c] = allowed[p * classes + c] ? (float)x[transitionOffset + p * classes + c] : -1e4f;
            }
        }

        return new LinearClassifier(labels, allKeys, weights, new float[classes]);
    }

    private static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }
}
