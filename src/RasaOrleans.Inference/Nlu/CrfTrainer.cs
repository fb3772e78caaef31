using System.Numerics.Tensors;
using RasaOrleans.Core.Training;

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
        float missCost = 0, int maxIterations = 300, CancellationToken cancellationToken = default, IterationProgress? progress = null)
    {
        var classes = labels.Length;
        var objective = new Objective(sequences, classes, l2, missCost);
        var x = new double[objective.ParameterCount];
        const string step = "entity CRF fit";
        Lbfgs.Minimize(objective.Evaluate, x, maxIterations, tolerance, cancellationToken: cancellationToken,
            onIteration: progress is null ? null : (iteration, loss) => progress.Report(step, iteration, loss));
        progress?.Finish(step);

        var keys = objective.FeatureKeys;
        var allKeys = new ulong[keys.Count + classes + 1];
        keys.CopyTo(allKeys);
        var weights = new float[allKeys.Length * classes];
        for (var f = 0; f < keys.Count; f++)
        {
            for (var c = 0; c < classes; c++)
            {
                weights[f * classes + c] = (float)x[f * classes + objective.Internal(c)];
            }
        }

        for (var p = 0; p <= classes; p++)
        {
            allKeys[keys.Count + p] = EntityTagger.PreviousTagFeature(p, classes);
            for (var c = 0; c < classes; c++)
            {
                // impossible transitions keep a very negative weight so that no decoder ever takes them
                weights[(keys.Count + p) * classes + c] = EntityTagger.IsAllowed(p, c, classes)
                    ? (float)x[keys.Count * classes + objective.Internal(p) * classes + objective.Internal(c)]
                    : -1e4f;
            }
        }

        return new LinearClassifier(labels, allKeys, weights, new float[classes]);
    }

    /// <summary>
    /// The training objective over compiled sequences. Parameters: per feature a row of per-tag emission weights,
    /// then <c>(classes + 1) × classes</c> transition weights (the last row: from the start of the text). Tags are
    /// numbered internally as <c>O, B-1 … B-k, I-1 … I-k</c> (see <see cref="Internal"/>), so that the tags any
    /// tag may move to (<c>O</c> and every <c>B-</c>) are contiguous and forward-backward skips the transitions
    /// BIO forbids (an <c>I-X</c> has only two possible predecessors).
    /// </summary>
    internal sealed class Objective
    {
        private readonly int _classes;
        private readonly int _types;
        private readonly int _open; // O and the B- tags: internal tags 0 … _open - 1
        private readonly float _l2;
        private readonly float _missCost;
        private readonly int _transitionOffset;
        private readonly List<(int[][] Features, float[][] Values, int[] Tags)> _compiled;
        private readonly bool[] _allowed;
        private readonly double[] _emission;       // scores
        private readonly double[] _factor;         // exp(score - row max)
        private readonly double[] _alpha;          // scaled forward probabilities
        private readonly double[] _beta;           // scaled backward probabilities
        private readonly double[] _scale;
        private readonly double[] _expTransitions;
        private readonly double[] _delta;
        private readonly double[] _next;
        private readonly double[] _row;

        public Objective(IReadOnlyList<Sequence> sequences, int classes, float l2, float missCost)
        {
            _classes = classes;
            _types = (classes - 1) / 2;
            _open = _types + 1;
            _l2 = l2;
            _missCost = missCost;

            // feature numbers in order of first appearance: deterministic for the same data
            var index = new Dictionary<ulong, int>();
            var keys = new List<ulong>();
            _compiled = new List<(int[][] Features, float[][] Values, int[] Tags)>(sequences.Count);
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
                    _compiled.Add((features, sequence.Values, [.. sequence.Tags.Select(Internal)]));
                }
            }

            FeatureKeys = keys;
            _transitionOffset = keys.Count * classes;
            ParameterCount = _transitionOffset + (classes + 1) * classes;
            _allowed = new bool[(classes + 1) * classes];
            for (var p = 0; p <= classes; p++)
            {
                for (var c = 0; c < classes; c++)
                {
                    _allowed[p * classes + c] = EntityTagger.IsAllowed(p == classes ? classes : External(p), External(c), classes);
                }
            }

            var maxLength = _compiled.Count == 0 ? 0 : _compiled.Max(s => s.Tags.Length);
            _emission = new double[maxLength * classes];
            _factor = new double[maxLength * classes];
            _alpha = new double[maxLength * classes];
            _beta = new double[maxLength * classes];
            _scale = new double[maxLength];
            _expTransitions = new double[(classes + 1) * classes];
            _delta = new double[classes];
            _next = new double[classes];
            _row = new double[classes];
        }

        /// <summary>The internal number of tag <paramref name="tag"/> (<see cref="EntityTagger.TagNames"/> order; the start stays last).</summary>
        public int Internal(int tag) => tag == 0 || tag == _classes ? tag : tag % 2 == 1 ? 1 + (tag - 1) / 2 : _open + (tag / 2 - 1);

        private int External(int tag) => tag == 0 ? 0 : tag < _open ? 1 + 2 * (tag - 1) : 2 + 2 * (tag - _open);

        /// <summary>The internal inside tag that <paramref name="p"/> may move to besides the open ones (-1 for O).</summary>
        private int InsideAfter(int p) => p == 0 ? -1 : p < _open ? _open + p - 1 : p;

        /// <summary>The hashed features in parameter order.</summary>
        public List<ulong> FeatureKeys { get; }

        public int ParameterCount { get; }

        /// <summary>The regularized negative log-likelihood at <paramref name="w"/>, its gradient written into <paramref name="gradient"/>.</summary>
        public double Evaluate(ReadOnlySpan<double> w, Span<double> gradient)
        {
            gradient.Clear();
            var classes = _classes;
            var transitions = w.Slice(_transitionOffset, (classes + 1) * classes);
            var transitionGradient = gradient.Slice(_transitionOffset, (classes + 1) * classes);
            for (var i = 0; i < _expTransitions.Length; i++)
            {
                _expTransitions[i] = _allowed[i] ? Math.Exp(transitions[i]) : 0;
            }

            var loss = 0.0;
            foreach (var (features, values, tags) in _compiled)
            {
                var n = tags.Length;

                // emission scores, with the softmax-margin cost on the wrong tags of entity tokens
                for (var t = 0; t < n; t++)
                {
                    var scores = _emission.AsSpan(t * classes, classes);
                    scores.Clear();
                    for (var k = 0; k < features[t].Length; k++)
                    {
                        TensorPrimitives.MultiplyAdd(w.Slice(features[t][k] * classes, classes), values[t][k], scores, scores);
                    }

                    if (_missCost > 0 && tags[t] != 0)
                    {
                        var gold = scores[tags[t]];
                        TensorPrimitives.Add(scores, _missCost, scores);
                        scores[tags[t]] = gold;
                    }

                    var max = TensorPrimitives.Max<double>(scores);
                    var f = _factor.AsSpan(t * classes, classes);
                    for (var c = 0; c < classes; c++)
                    {
                        f[c] = Math.Exp(scores[c] - max); // scalar: vectorized Exp may round differently per machine
                    }

                    loss += max; // log Z collects the row maxima and the scales below
                }

                // forward, scaled to sum 1 at every token (scale[t] is the sum before scaling)
                var first = _alpha.AsSpan(0, classes);
                TensorPrimitives.Multiply(_factor.AsSpan(0, classes), _expTransitions.AsSpan(classes * classes, classes), first);
                _scale[0] = FixedOrder.Sum(first);
                TensorPrimitives.Divide(first, _scale[0], first);
                for (var t = 1; t < n; t++)
                {
                    var current = _alpha.AsSpan(t * classes, classes);
                    current.Clear();
                    var previous = _alpha.AsSpan((t - 1) * classes, classes);
                    var open = current[.._open];
                    for (var p = 0; p < classes; p++)
                    {
                        if (previous[p] != 0)
                        {
                            TensorPrimitives.MultiplyAdd(_expTransitions.AsSpan(p * classes, _open), previous[p], open, open);
                        }
                    }

                    for (var j = 0; j < _types; j++)
                    {
                        // I-j follows B-j or I-j only
                        var inside = _open + j;
                        current[inside] = previous[1 + j] * _expTransitions[(1 + j) * classes + inside] +
                                          previous[inside] * _expTransitions[inside * classes + inside];
                    }

                    TensorPrimitives.Multiply(current, _factor.AsSpan(t * classes, classes), current);
                    _scale[t] = FixedOrder.Sum(current);
                    TensorPrimitives.Divide(current, _scale[t], current);
                }

                for (var t = 0; t < n; t++)
                {
                    loss += Math.Log(_scale[t]);
                }

                // backward with the same scales, so that alpha × beta is the marginal
                _beta.AsSpan((n - 1) * classes, classes).Fill(1);
                for (var t = n - 2; t >= 0; t--)
                {
                    TensorPrimitives.Multiply(_factor.AsSpan((t + 1) * classes, classes), _beta.AsSpan((t + 1) * classes, classes), _next);
                    TensorPrimitives.Divide(_next, _scale[t + 1], _next);
                    var current = _beta.AsSpan(t * classes, classes);
                    for (var p = 0; p < classes; p++)
                    {
                        var sum = FixedOrder.Dot(_expTransitions.AsSpan(p * classes, _open), _next.AsSpan(0, _open));
                        var inside = InsideAfter(p);
                        current[p] = inside < 0 ? sum : sum + _expTransitions[p * classes + inside] * _next[inside];
                    }
                }

                // minus the gold sequence's score (log space, margin cost is zero on gold tags)
                var goldScore = _emission[tags[0]] + transitions[classes * classes + tags[0]];
                for (var t = 1; t < n; t++)
                {
                    goldScore += _emission[t * classes + tags[t]] + transitions[tags[t - 1] * classes + tags[t]];
                }

                loss -= goldScore;

                // gradient: expected minus observed feature counts
                for (var t = 0; t < n; t++)
                {
                    TensorPrimitives.Multiply(_alpha.AsSpan(t * classes, classes), _beta.AsSpan(t * classes, classes), _delta);
                    _delta[tags[t]] -= 1;
                    for (var k = 0; k < features[t].Length; k++)
                    {
                        var g = gradient.Slice(features[t][k] * classes, classes);
                        TensorPrimitives.MultiplyAdd(_delta, values[t][k], g, g);
                    }

                    if (t == 0)
                    {
                        TensorPrimitives.Add(transitionGradient.Slice(classes * classes, classes), _delta, transitionGradient.Slice(classes * classes, classes));
                        continue;
                    }

                    // pair marginals P(p at t-1, c at t) = alpha[t-1][p] × expT[p][c] × factor[t][c] × beta[t][c] / scale[t]
                    TensorPrimitives.Multiply(_factor.AsSpan(t * classes, classes), _beta.AsSpan(t * classes, classes), _next);
                    TensorPrimitives.Divide(_next, _scale[t], _next);
                    var previous = _alpha.AsSpan((t - 1) * classes, classes);
                    for (var p = 0; p < classes; p++)
                    {
                        if (previous[p] == 0)
                        {
                            continue;
                        }

                        var row = _row.AsSpan(0, _open);
                        TensorPrimitives.Multiply(_expTransitions.AsSpan(p * classes, _open), _next.AsSpan(0, _open), row);
                        var g = transitionGradient.Slice(p * classes, _open);
                        TensorPrimitives.MultiplyAdd(row, previous[p], g, g);
                        var inside = InsideAfter(p);
                        if (inside >= 0)
                        {
                            transitionGradient[p * classes + inside] += previous[p] * _expTransitions[p * classes + inside] * _next[inside];
                        }
                    }

                    transitionGradient[tags[t - 1] * classes + tags[t]] -= 1;
                }
            }

            // L2 penalty on every weight
            loss += 0.5 * _l2 * FixedOrder.Dot(w, w);
            TensorPrimitives.MultiplyAdd(w, _l2, gradient, gradient);
            return loss;
        }
    }
}
