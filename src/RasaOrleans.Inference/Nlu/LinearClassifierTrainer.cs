using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using RasaOrleans.Core.Training;
using RasaOrleans.Inference.Training;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Fits a <see cref="LinearClassifier"/> with ML.NET's L-BFGS maximum entropy trainer on hashed sparse
/// features. A fresh seeded <see cref="MLContext"/> and one thread make the result repeatable.
/// </summary>
internal static class LinearClassifierTrainer
{
    public sealed record Example(ulong[] Keys, float[] Values, int Label, float Weight = 1f);

    /// <param name="featureScale">
    /// Optional per-feature factor (e.g. inverse document frequency): training sees each value times its factor,
    /// and the factor is folded into the saved weights, so prediction needs no change.
    /// </param>
    public static LinearClassifier Train(IReadOnlyList<Example> examples, string[] labels, float l1, float l2, int seed,
        float tolerance = 1e-7f, IReadOnlyDictionary<ulong, float>? featureScale = null, IterationProgress? progress = null, string step = "classifier fit")
    {
        // feature numbers in order of first appearance: deterministic for the same data
        var index = new Dictionary<ulong, int>();
        var keys = new List<ulong>();
        foreach (var example in examples)
        {
            foreach (var key in example.Keys)
            {
                if (index.TryAdd(key, keys.Count))
                {
                    keys.Add(key);
                }
            }
        }

        var dimension = Math.Max(1, keys.Count);
        var rows = new List<Row>(examples.Count);
        foreach (var example in examples)
        {
            var merged = new SortedDictionary<int, float>();
            for (var i = 0; i < example.Keys.Length; i++)
            {
                var f = index[example.Keys[i]];
                var scale = featureScale is null ? 1f : featureScale.GetValueOrDefault(example.Keys[i], 1f);
                merged[f] = merged.GetValueOrDefault(f) + example.Values[i] * scale;
            }

            rows.Add(new Row
            {
                Features = new VBuffer<float>(dimension, merged.Count, [.. merged.Values], [.. merged.Keys]),
                Label = (uint)example.Label, // LoadFromEnumerable treats a key field as 0-based
                Weight = example.Weight,
            });
        }

        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), labels.Length);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            OptimizationTolerance = tolerance,
            L1Regularization = l1,
            L2Regularization = l2,
            NumberOfThreads = 1,
        });
        var model = MlFitProgress.Watch(ml, step, progress, () => trainer.Fit(data)).Model;

        VBuffer<float>[] classWeights = [];
        model.GetWeights(ref classWeights, out var classes);
        if (classes != labels.Length)
        {
            throw new InvalidOperationException($"trainer produced {classes} classes, expected {labels.Length}");
        }

        var weights = new float[keys.Count * classes];
        for (var c = 0; c < classes; c++)
        {
            foreach (var (f, w) in classWeights[c].Items())
            {
                if (f < keys.Count)
                {
                    weights[f * classes + c] = featureScale is null ? w : w * featureScale.GetValueOrDefault(keys[f], 1f);
                }
            }
        }

        var biases = model.GetBiases().ToArray();
        return new LinearClassifier(labels, [.. keys], weights, biases);
    }

    private sealed class Row
    {
        public VBuffer<float> Features;

        public uint Label;

        public float Weight;
    }
}
