using System.Numerics.Tensors;

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
        var emission = new double[maxLength * classes];   // scores
        var factor = new double[maxLength * classes];     // exp(score - row max)
        var alpha = new double[maxLength * classes];      // scaled forward probabilities
        var beta = new double[maxLength * classes];       // scaled backward probabilities
        var scale = new double[maxLength];
        var expTransitions = new double[(classes + 1) * classes];
        var delta = new double[classes];
        var next = new double[classes];
        var row = new double[classes];

        double Objective(ReadOnlySpan<double> w, Span<double> gradient)
        {
            gradient.Clear();
            var transitions = w.Slice(transitionOffset, (classes + 1) * classes);
            var transitionGradient = gradient.Slice(transitionOffset, (classes + 1) * classes);
            for (var i = 0; i < expTransitions.Length; i++)
            {
                expTransitions[i] = allowed[i] ? Math.Exp(transitions[i]) : 0;
            }

            var loss = 0.0;
            foreach (var (features, values, tags) in compiled)
            {
                var n = tags.Length;

                // emission scores, with the softmax-margin cost on the wrong tags of entity tokens
                for (var t = 0; t < n; t++)
                {
                    var scores = emission.AsSpan(t * classes, classes);
                    scores.Clear();
                    for (var k = 0; k < features[t].Length; k++)
                    {
                        TensorPrimitives.MultiplyAdd(w.Slice(features[t][k] * classes, classes), values[t][k], scores, scores);
                    }

                    if (missCost > 0 && tags[t] != 0)
                    {
                        var gold = scores[tags[t]];
                        TensorPrimitives.Add(scores, missCost, scores);
                        scores[tags[t]] = gold;
                    }

                    var max = TensorPrimitives.Max<double>(scores);
                    var f = factor.AsSpan(t * classes, classes);
                    for (var c = 0; c < classes; c++)
                    {
                        f[c] = Math.Exp(scores[c] - max); // scalar: vectorized Exp may round differently per machine
                    }

                    loss += max; // log Z collects the row maxima and the scales below
                }

                // forward, scaled to sum 1 at every token (scale[t] is the sum before scaling)
                var first = alpha.AsSpan(0, classes);
                TensorPrimitives.Multiply(factor.AsSpan(0, classes), expTransitions.AsSpan(classes * classes, classes), first);
                scale[0] = SumInOrder(first);
                TensorPrimitives.Divide(first, scale[0], first);
                for (var t = 1; t < n; t++)
                {
                    var current = alpha.AsSpan(t * classes, classes);
                    current.Clear();
                    var previous = alpha.AsSpan((t - 1) * classes, classes);
                    for (var p = 0; p < classes; p++)
                    {
                        if (previous[p] != 0)
                        {
                            TensorPrimitives.MultiplyAdd(expTransitions.AsSpan(p * classes, classes), previous[p], current, current);
                        }
                    }

                    TensorPrimitives.Multiply(current, factor.AsSpan(t * classes, classes), current);
                    scale[t] = SumInOrder(current);
                    TensorPrimitives.Divide(current, scale[t], current);
                }

                for (var t = 0; t < n; t++)
                {
                    loss += Math.Log(scale[t]);
                }

                // backward with the same scales, so that alpha × beta is the marginal
                beta.AsSpan((n - 1) * classes, classes).Fill(1);
                for (var t = n - 2; t >= 0; t--)
                {
                    TensorPrimitives.Multiply(factor.AsSpan((t + 1) * classes, classes), beta.AsSpan((t + 1) * classes, classes), next);
                    TensorPrimitives.Divide(next, scale[t + 1], next);
                    var current = beta.AsSpan(t * classes, classes);
                    for (var p = 0; p < classes; p++)
                    {
                        current[p] = DotInOrder(expTransitions.AsSpan(p * classes, classes), next);
                    }
                }

                // minus the gold sequence's score (log space, margin cost is zero on gold tags)
                var goldScore = emission[tags[0]] + transitions[classes * classes + tags[0]];
                for (var t = 1; t < n; t++)
                {
                    goldScore += emission[t * classes + tags[t]] + transitions[tags[t - 1] * classes + tags[t]];
                }

                loss -= goldScore;

                // gradient: expected minus observed feature counts
                for (var t = 0; t < n; t++)
                {
                    TensorPrimitives.Multiply(alpha.AsSpan(t * classes, classes), beta.AsSpan(t * classes, classes), delta);
                    delta[tags[t]] -= 1;
                    for (var k = 0; k < features[t].Length; k++)
                    {
                        var g = gradient.Slice(features[t][k] * classes, classes);
                        TensorPrimitives.MultiplyAdd(delta, values[t][k], g, g);
                    }

                    if (t == 0)
                    {
                        TensorPrimitives.Add(transitionGradient.Slice(classes * classes, classes), delta, transitionGradient.Slice(classes * classes, classes));
                        continue;
                    }

                    // pair marginals P(p at t-1, c at t) = alpha[t-1][p] × expT[p][c] × factor[t][c] × beta[t][c] / scale[t]
                    TensorPrimitives.Multiply(factor.AsSpan(t * classes, classes), beta.AsSpan(t * classes, classes), next);
                    TensorPrimitives.Divide(next, scale[t], next);
                    var previous = alpha.AsSpan((t - 1) * classes, classes);
                    for (var p = 0; p < classes; p++)
                    {
                        if (previous[p] == 0)
                        {
                            continue;
                        }

                        TensorPrimitives.Multiply(expTransitions.AsSpan(p * classes, classes), next, row);
                        var g = transitionGradient.Slice(p * classes, classes);
                        TensorPrimitives.MultiplyAdd(row, previous[p], g, g);
                    }

                    transitionGradient[tags[t - 1] * classes + tags[t]] -= 1;
                }
            }

            // L2 penalty on every weight
            loss += 0.5 * l2 * DotInOrder(w, w);
            TensorPrimitives.MultiplyAdd(w, l2, gradient, gradient);
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

    // Reductions in a fixed order: TensorPrimitives' Sum and Dot add in an order that depends on the machine's
    // vector width, and a trained model must be the same on every machine. Element-wise operations are exact.
    private static double SumInOrder(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    private static double DotInOrder(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
