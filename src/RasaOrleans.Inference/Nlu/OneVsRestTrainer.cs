using RasaOrleans.Core.Training;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Fits one binary linear scorer per intent ("this intent or not") on the same sparse features, all with
/// <see cref="Lbfgs"/> in one run, and stores them as a <see cref="LinearClassifier"/>: a parse scores every intent
/// with the same multiply-adds as the maximum-entropy model, and the softmax of the scores (temperature-scaled by
/// <see cref="ConfidenceCalibration"/>) gives the confidences. Unlike the maximum-entropy model, each intent's scorer
/// is fitted without competing against the others for probability mass, so a word that is frequent in one intent
/// and absent elsewhere is not discounted by how the other intents share theirs.
/// </summary>
internal static class OneVsRestTrainer
{
    /// <summary>The per-intent loss (also the name in <see cref="NluPipelineSettings.IntentClassifier"/>).</summary>
    public enum Loss
    {
        /// <summary>Least squares towards 1 for the intent and 0 for the others (a regularized linear perceptron).</summary>
        Squared,

        /// <summary>Squared hinge towards +1 / −1 (an L2 linear support vector machine).</summary>
        SquaredHinge,

        /// <summary>Logistic loss (one-vs-rest logistic regression).</summary>
        Logistic,
    }

    /// <param name="l2">Penalty on the squared weights (biases free), relative to the examples' summed weighted loss.</param>
    /// <param name="naiveBayesScale">
    /// Above 0: each intent's scorer sees every feature value times that feature's naive-Bayes log-count ratio
    /// for the intent (NB-SVM), with this add-α smoothing; the ratio is folded into the saved weights.
    /// </param>
    public static LinearClassifier Train(IReadOnlyList<LinearClassifierTrainer.Example> examples, string[] labels, Loss loss,
        float l2, float tolerance, float naiveBayesScale = 0, int maxIterations = 500, CancellationToken cancellationToken = default,
        IterationProgress? progress = null, string step = "intent classifier fit")
    {
        // feature numbers in order of first appearance: deterministic for the same data
        var index = new Dictionary<ulong, int>();
        var keys = new List<ulong>();
        var rows = new (int[] Features, double[] Values, int Label, double Weight)[examples.Count];
        for (var e = 0; e < examples.Count; e++)
        {
            var merged = new SortedDictionary<int, double>();
            var example = examples[e];
            for (var i = 0; i < example.Keys.Length; i++)
            {
                if (!index.TryGetValue(example.Keys[i], out var f))
                {
                    f = keys.Count;
                    index[example.Keys[i]] = f;
                    keys.Add(example.Keys[i]);
                }

                merged[f] = merged.GetValueOrDefault(f) + example.Values[i];
            }

            rows[e] = ([.. merged.Keys], [.. merged.Values], example.Label, example.Weight);
        }

        var classes = labels.Length;
        var features = keys.Count;
        var ratio = naiveBayesScale > 0 ? LogCountRatios(rows, features, classes, naiveBayesScale) : null;

        // parameters: weights[f * classes + c], then the biases
        var x = new double[(features + 1) * classes];
        var scores = new double[classes];
        var residual = new double[classes];
        double Objective(ReadOnlySpan<double> w, Span<double> gradient)
        {
            gradient.Clear();
            var value = 0.0;
            foreach (var (fs, vs, label, weight) in rows)
            {
                for (var c = 0; c < classes; c++)
                {
                    scores[c] = w[features * classes + c];
                }

                for (var i = 0; i < fs.Length; i++)
                {
                    var offset = fs[i] * classes;
                    for (var c = 0; c < classes; c++)
                    {
                        scores[c] += vs[i] * w[offset + c] * (ratio?[offset + c] ?? 1);
                    }
                }

                for (var c = 0; c < classes; c++)
                {
                    var (l, d) = LossAndSlope(loss, scores[c], c == label);
                    value += weight * l;
                    residual[c] = weight * d;
                    gradient[features * classes + c] += residual[c];
                }

                for (var i = 0; i < fs.Length; i++)
                {
                    var offset = fs[i] * classes;
                    for (var c = 0; c < classes; c++)
                    {
                        gradient[offset + c] += residual[c] * vs[i] * (ratio?[offset + c] ?? 1);
                    }
                }
            }

            for (var p = 0; p < features * classes; p++)
            {
                value += l2 * w[p] * w[p];
                gradient[p] += 2 * l2 * w[p];
            }

            return value;
        }

        Lbfgs.Minimize(Objective, x, maxIterations, tolerance, cancellationToken: cancellationToken,
            onIteration: progress is null ? null : (iteration, loss) => progress.Report(step, iteration, loss));
        progress?.Finish(step);

        var weights = new float[features * classes];
        for (var p = 0; p < weights.Length; p++)
        {
            weights[p] = (float)(x[p] * (ratio?[p] ?? 1));
        }

        var biases = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            biases[c] = (float)x[features * classes + c];
        }

        return new LinearClassifier(labels, [.. keys], weights, biases);
    }

    private static (double Loss, double Slope) LossAndSlope(Loss loss, double score, bool positive)
    {
        switch (loss)
        {
            case Loss.Squared:
            {
                var r = score - (positive ? 1 : 0);
                return (r * r, 2 * r);
            }

            case Loss.SquaredHinge:
            {
                var y = positive ? 1 : -1;
                var margin = 1 - y * score;
                return margin <= 0 ? (0, 0) : (margin * margin, -2 * y * margin);
            }

            default:
            {
                // log(1 + exp(-y s)), computed without overflow
                var ys = positive ? score : -score;
                var value = ys > 0 ? Math.Log(1 + Math.Exp(-ys)) : -ys + Math.Log(1 + Math.Exp(ys));
                var sigmoid = 1 / (1 + Math.Exp(ys));
                return (value, positive ? -sigmoid : sigmoid);
            }
        }
    }

    /// <summary>
    /// Per feature and intent, log((p + α) / |p + α|₁ ÷ (q + α) / |q + α|₁) over the binarized feature counts p in
    /// the intent's examples and q in the others' (Wang and Manning's NB-SVM scaling); 1 for features that are not
    /// counts (any negative value).
    /// </summary>
    private static double[] LogCountRatios((int[] Features, double[] Values, int Label, double Weight)[] rows, int features,
        int classes, float alpha)
    {
        var inClass = new double[features * classes];
        var total = new double[features];
        foreach (var (fs, _, label, _) in rows)
        {
            foreach (var f in fs)
            {
                inClass[f * classes + label]++;
                total[f]++;
            }
        }

        // a feature that takes a negative value is no count (a sentence vector's component): it keeps its value
        var counted = new bool[features];
        Array.Fill(counted, true);
        foreach (var (fs, vs, _, _) in rows)
        {
            for (var i = 0; i < fs.Length; i++)
            {
                counted[fs[i]] &= vs[i] >= 0;
            }
        }

        var pSum = new double[classes];
        var qSum = new double[classes];
        for (var f = 0; f < features; f++)
        {
            for (var c = 0; c < classes && counted[f]; c++)
            {
                pSum[c] += inClass[f * classes + c] + alpha;
                qSum[c] += total[f] - inClass[f * classes + c] + alpha;
            }
        }

        var ratio = new double[features * classes];
        for (var f = 0; f < features; f++)
        {
            for (var c = 0; c < classes; c++)
            {
                if (!counted[f])
                {
                    ratio[f * classes + c] = 1;
                    continue;
                }

                var p = (inClass[f * classes + c] + alpha) / pSum[c];
                var q = (total[f] - inClass[f * classes + c] + alpha) / qSum[c];
                ratio[f * classes + c] = Math.Log(p / q);
            }
        }

        return ratio;
    }
}
