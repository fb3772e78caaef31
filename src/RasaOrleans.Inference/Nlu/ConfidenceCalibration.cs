namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Temperature scaling of a linear classifier's confidences, fitted on the training data alone: the examples are
/// split into folds, a classifier trained on the other folds scores each fold, and the factor on the scores
/// (1 / temperature) that gives those held-out predictions the lowest log loss is the one kept. A model trained on
/// little data is then less sure than one trained on much, so one fallback threshold means the same for both.
/// </summary>
internal static class ConfidenceCalibration
{
    private const int Folds = 5;
    private const float MinScale = 0.05f;
    /// <summary>
    /// The largest factor, for every family: for the one-vs-rest SVM's margins a larger one fitted in-scope confidences
    /// as well but made held-out intents look familiar (out-of-scope cross-validation chose 5 among 5–50; docs/benchmarks.md).
    /// </summary>
    private const float MaxScale = 5f;

    /// <summary>The factor for the scores; 1 when there are too few examples to hold any out.</summary>
    public static float FitScale(IReadOnlyList<LinearClassifierTrainer.Example> examples,
        Func<IReadOnlyList<LinearClassifierTrainer.Example>, LinearClassifier> train, CancellationToken cancellationToken)
    {
        var classes = examples.Select(e => e.Label).Distinct().Count();
        if (examples.Count < 2 * Folds || classes < 2)
        {
            return 1f;
        }

        // folds dealt round-robin within each intent, so every fold holds some of each intent
        var fold = new int[examples.Count];
        var seen = new Dictionary<int, int>();
        for (var i = 0; i < examples.Count; i++)
        {
            var n = seen.GetValueOrDefault(examples[i].Label);
            fold[i] = n % Folds;
            seen[examples[i].Label] = n + 1;
        }

        var heldOut = new List<(float[] Scores, int Label, float Weight)>(examples.Count);
        var features = new HashedFeatures();
        for (var f = 0; f < Folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var training = examples.Where((_, i) => fold[i] != f).ToList();
            if (training.Select(e => e.Label).Distinct().Count() < 2)
            {
                continue;
            }

            var classifier = train(training);
            for (var i = 0; i < examples.Count; i++)
            {
                if (fold[i] != f)
                {
                    continue;
                }

                features.Clear();
                for (var k = 0; k < examples[i].Keys.Length; k++)
                {
                    features.Add(examples[i].Keys[k], examples[i].Values[k]);
                }

                var scores = new float[classifier.ClassCount];
                classifier.Score(features, scores);
                heldOut.Add((scores, examples[i].Label, examples[i].Weight));
            }
        }

        return heldOut.Count == 0 ? 1f : MinimizeLogLoss(heldOut);
    }

    /// <summary>Golden-section search over the factor: the log loss is convex in it.</summary>
    private static float MinimizeLogLoss(List<(float[] Scores, int Label, float Weight)> heldOut)
    {
        double Loss(double scale)
        {
            var total = 0.0;
            foreach (var (scores, label, weight) in heldOut)
            {
                var max = double.NegativeInfinity;
                foreach (var s in scores)
                {
                    max = Math.Max(max, s * scale);
                }

                var sum = 0.0;
                foreach (var s in scores)
                {
                    sum += Math.Exp(s * scale - max);
                }

                total += weight * (Math.Log(sum) + max - scores[label] * scale);
            }

            return total;
        }

        var phi = (Math.Sqrt(5) - 1) / 2;
        double a = MinScale, b = MaxScale;
        var c = b - phi * (b - a);
        var d = a + phi * (b - a);
        double fc = Loss(c), fd = Loss(d);
        for (var iteration = 0; iteration < 40; iteration++)
        {
            if (fc < fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = Loss(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = Loss(d);
            }
        }

        return (float)((a + b) / 2);
    }
}
