using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using RasaOrleans.Core;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Inference.Policies;

/// <summary>
/// Trains <see cref="MlPolicy"/> with ML.NET's <c>LbfgsMaximumEntropy</c>: one example per predictable action of
/// every training conversation (augmented ones included), featurized as the flattened window of the last
/// <see cref="MlPolicyOptions.MaxHistory"/> states. Identical (window, action) examples are merged into one with
/// a weight: the number of times the original stories contain it (augmented copies of an example add no
/// weight), so frequencies still decide contradicting windows. Deterministic: a fresh <c>MLContext(seed)</c>
/// per training, one thread.
/// </summary>
public static class MlPolicyTrainer
{
    public static MlPolicy Train(PolicyTrainingContext context, MlPolicyOptions options) => TrainWithModel(context, options).Policy;

    /// <summary>Also returns ML.NET's transformer, for checking the policy's arithmetic against a PredictionEngine.</summary>
    internal static (MlPolicy Policy, ITransformer Model, SchemaDefinition Schema, int ExampleCount) TrainWithModel(
        PolicyTrainingContext context, MlPolicyOptions options)
    {
        var domain = context.Domain;
        var featurizer = context.Featurizer;
        var stateSize = domain.StateFeatureNames.Count;
        var dimension = stateSize * options.MaxHistory;
        var featureIndex = domain.StateFeatureNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

        var examples = new Dictionary<string, Example>(StringComparer.Ordinal);
        var order = new List<Example>();
        foreach (var tracker in context.Trackers)
        {
            var actions = new List<(Core.Events.ActionExecuted Action, int StateIndex)>();
            var states = featurizer.PastStates(tracker.Events, (a, i) => actions.Add((a, i)));
            foreach (var (action, stateIndex) in actions)
            {
                if (!tracker.IsPredictable(action))
                {
                    continue;
                }

                var actionIndex = domain.IndexOfAction(action.Name);
                if (actionIndex < 0)
                {
                    throw new RasaFormatException($"story '{tracker.StoryName}' uses action '{action.Name}', which is not in the domain");
                }

                var window = StateFeaturizer.Window(states, stateIndex + 1, options.MaxHistory);
                var key = DialogueState.KeyOf(window) + "|" + actionIndex;
                if (!examples.TryGetValue(key, out var example))
                {
                    example = new Example(MlPolicy.Vector(window, featureIndex, stateSize), (uint)actionIndex + 1);
                    examples[key] = example;
                    order.Add(example);
                }

                if (!tracker.IsAugmented)
                {
                    example.Weight++;
                }
            }
        }

        if (order.Count == 0)
        {
            throw new RasaFormatException("MlPolicy: the stories contain no predictable action to learn from");
        }

        foreach (var example in order.Where(e => e.Weight == 0))
        {
            example.Weight = 1;
        }

        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        schema[nameof(Example.Label)].ColumnType = new KeyDataViewType(typeof(uint), domain.ActionNames.Count);
        var data = ml.Data.LoadFromEnumerable(order, schema);
        var trainerOptions = new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(Example.Label),
            FeatureColumnName = nameof(Example.Features),
            ExampleWeightColumnName = nameof(Example.Weight),
            L1Regularization = options.L1Regularization,
            L2Regularization = options.L2Regularization,
            OptimizationTolerance = options.OptimizationTolerance,
            NumberOfThreads = 1,
        };
        if (options.MaximumIterations is { } iterations)
        {
            trainerOptions.MaximumNumberOfIterations = iterations;
        }

        var model = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(trainerOptions).Fit(data);
        VBuffer<float>[] rows = [];
        model.Model.GetWeights(ref rows, out var classes);
        var biases = model.Model.GetBiases().ToArray();
        var weights = new float[domain.ActionNames.Count * dimension];
        for (var c = 0; c < classes; c++)
        {
            rows[c].CopyTo(weights.AsSpan(c * dimension, dimension));
        }

        var policy = new MlPolicy(featurizer, options.MaxHistory, weights, biases);
        return (policy, model, schema, order.Count);
    }

    /// <summary>One training row. Public only because ML.NET reads it by reflection.</summary>
    public sealed class Example(float[] features, uint label)
    {
        public float[] Features { get; set; } = features;

        /// <summary>Key value: action index + 1 (0 means missing).</summary>
        public uint Label { get; set; } = label;

        public float Weight { get; set; }
    }
}
