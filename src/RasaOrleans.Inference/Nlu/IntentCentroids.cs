namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// EXPERIMENT: per-intent centroid cosine features. Each example gets, per intent, the cosine of its sentence vector
/// to that intent's centroid (its own intent's centroid without itself: leave-one-out, so that training does not
/// see a similarity that a new message never has). A cosine to a fixed unit centroid is linear in the (unit)
/// sentence vector, so after fitting the features are folded into the vector's weights: parsing is unchanged.
/// </summary>
internal static class IntentCentroids
{
    private const int Template = 500;

    public static LinearClassifier Fit(IReadOnlyList<LinearClassifierTrainer.Example> subset, int classes, IReadOnlyList<ulong> vectorKeys,
        float scale, Func<IReadOnlyList<LinearClassifierTrainer.Example>, LinearClassifier> fit)
    {
        var d = vectorKeys.Count;
        var position = vectorKeys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i);
        var vectors = subset.Select(e =>
        {
            var v = new double[d];
            for (var i = 0; i < e.Keys.Length; i++)
            {
                if (position.TryGetValue(e.Keys[i], out var k))
                {
                    v[k] += e.Values[i];
                }
            }

            var norm = Math.Sqrt(v.Sum(x => x * x));
            return norm > 0 ? v.Select(x => x / norm).ToArray() : v;
        }).ToList();

        var sums = new double[classes][];
        for (var c = 0; c < classes; c++)
        {
            sums[c] = new double[d];
        }

        for (var e = 0; e < subset.Count; e++)
        {
            for (var k = 0; k < d; k++)
            {
                sums[subset[e].Label][k] += vectors[e][k];
            }
        }

        var keys = Enumerable.Range(0, classes).Select(c => FeatureHash.Add(FeatureHash.Start(Template), (char)c)).ToArray();
        var augmented = subset.Select((e, n) =>
        {
            var extra = new float[classes];
            for (var c = 0; c < classes; c++)
            {
                var own = c == e.Label;
                double dot = 0, squares = 0;
                for (var k = 0; k < d; k++)
                {
                    var centroid = sums[c][k] - (own ? vectors[n][k] : 0);
                    dot += centroid * vectors[n][k];
                    squares += centroid * centroid;
                }

                extra[c] = squares > 0 ? (float)(scale * dot / Math.Sqrt(squares)) : 0f;
            }

            return e with { Keys = [.. e.Keys, .. keys], Values = [.. e.Values, .. extra] };
        }).ToList();

        var fitted = fit(augmented);

        // fold: score_c += Σ_j W[j, c] · scale · (v · ĉ_j) = v · (Σ_j W[j, c] · scale · ĉ_j)
        var folded = new float[d * fitted.ClassCount];
        for (var j = 0; j < classes; j++)
        {
            if (!fitted.TryGetWeights(keys[j], out var row))
            {
                continue;
            }

            var norm = Math.Sqrt(sums[j].Sum(x => x * x));
            if (norm == 0)
            {
                continue;
            }

            for (var k = 0; k < d; k++)
            {
                var unit = sums[j][k] / norm;
                for (var c = 0; c < fitted.ClassCount; c++)
                {
                    folded[k * fitted.ClassCount + c] += (float)(row[c] * scale * unit);
                }
            }
        }

        var projection = new LinearClassifier([.. fitted.Labels], [.. vectorKeys], folded, new float[fitted.ClassCount]);
        return LinearClassifier.Sum(fitted, projection, 1f);
    }
}
