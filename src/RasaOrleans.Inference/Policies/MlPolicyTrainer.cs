using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using RasaOrleans.Core;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Training;
using RasaOrleans.Inference.Training;

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
    public static (MlPolicy Policy, ITransformer Model, SchemaDefinition Schema, int ExampleCount) TrainWithModel(
        PolicyTrainingContext context, MlPolicyOptions options)
    {
        var domain = context.Domain;
        var featurizer = context.Featurizer;
        var stateSize = domain.StateFeatureNames.Count;
        var dimension = stateSize * options.MaxHistory;
        var featureIndex = domain.StateFeatureNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var examples = new Dictionary<(DialogueState?[] Window, int Action), Example>(WindowComparer.Instance);
        var order = new List<Example>();
        foreach (var tracker in context.Trackers)
        {
            foreach (var (window, action) in Examples(featurizer, tracker, options.MaxHistory))
            {
                var actionIndex = domain.IndexOfAction(action.Name);
                if (actionIndex < 0)
                {
                    throw new RasaFormatException($"story '{tracker.StoryName}' uses action '{action.Name}', which is not in the domain");
                }

                if (!examples.TryGetValue((window, actionIndex), out var example))
                {
                    example = new Example(MlPolicy.Vector(window, featureIndex, stateSize), (uint)actionIndex);
                    examples[(window, actionIndex)] = example;
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

        var featurizing = clock.Elapsed;
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

        var model = MlFitProgress.Watch(ml, "MlPolicy fit", context.Iterations,
            () => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(trainerOptions).Fit(data));
        VBuffer<float>[] rows = [];
        model.Model.GetWeights(ref rows, out var classes);
        var biases = model.Model.GetBiases().ToArray();
        var weights = new float[domain.ActionNames.Count * dimension];
        for (var c = 0; c < classes; c++)
        {
            // DenseValues expands a sparse row (L1 zeroes weights); CopyTo would copy only the stored values.
            var column = 0;
            foreach (var w in rows[c].DenseValues())
            {
                weights[c * dimension + column++] = w;
            }
        }

        var policy = new MlPolicy(featurizer, options.MaxHistory, weights, biases);
        context.Progress.WriteLine($"  featurized in {featurizing.TotalSeconds:0.00} s, fitted in {(clock.Elapsed - featurizing).TotalSeconds:0.00} s.");
        return (policy, model, schema, order.Count);
    }

    /// <summary>
    /// The (window, action) pairs of a conversation's predictable actions. For an augmented conversation the
    /// actions of the glued prefix are skipped (they repeat its original's examples), and states are only built
    /// from <paramref name="maxHistory"/> actions before the first action learned from.
    /// </summary>
    private static IEnumerable<(DialogueState?[] Window, ActionExecuted Action)> Examples(
        StateFeaturizer featurizer, TrainingTracker tracker, int maxHistory)
    {
        var applied = Tracker.ComputeAppliedEvents(tracker.Events);
        var skipEvents = applied.Count == tracker.Events.Count ? tracker.GluedEventCount : 0;
        var firstLearned = 0;
        var actionCount = 0;
        for (var i = 0; i < applied.Count; i++)
        {
            if (applied[i] is ActionExecuted)
            {
                if (i < skipEvents)
                {
                    firstLearned = actionCount + 1;
                }

                actionCount++;
            }
        }

        var firstState = firstLearned - maxHistory + 1;
        var states = new DialogueState?[actionCount];
        var replay = new Tracker("training", featurizer.Domain.Slots);
        var a = 0;
        foreach (var e in applied)
        {
            if (e is ActionExecuted action)
            {
                if (a >= firstState)
                {
                    states[a] = featurizer.StateOf(replay);
                }

                if (a >= firstLearned && tracker.IsPredictable(action))
                {
                    var window = new DialogueState?[maxHistory];
                    for (var j = 0; j < maxHistory; j++)
                    {
                        var index = a - maxHistory + 1 + j;
                        window[j] = index >= 0 ? states[index] : null;
                    }

                    yield return (window, action);
                }

                a++;
            }

            replay.Update(e);
        }
    }

    /// <summary>Windows are equal when their states are (padding included) and the actions are.</summary>
    private sealed class WindowComparer : IEqualityComparer<(DialogueState?[] Window, int Action)>
    {
        public static WindowComparer Instance { get; } = new();

        public bool Equals((DialogueState?[] Window, int Action) x, (DialogueState?[] Window, int Action) y)
        {
            if (x.Action != y.Action || x.Window.Length != y.Window.Length)
            {
                return false;
            }

            for (var i = 0; i < x.Window.Length; i++)
            {
                if (!Equals(x.Window[i], y.Window[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode((DialogueState?[] Window, int Action) key)
        {
            var hash = new HashCode();
            hash.Add(key.Action);
            foreach (var state in key.Window)
            {
                hash.Add(state?.GetHashCode() ?? -1);
            }

            return hash.ToHashCode();
        }
    }

    /// <summary>One training row. Public only because ML.NET reads it by reflection.</summary>
    public sealed class Example(float[] features, uint label)
    {
        public float[] Features { get; set; } = features;

        /// <summary>
        /// The action index. ML.NET reads a <c>uint</c> from an enumerable into a key column as the 0-based class
        /// index (measured: label v trains class v), so class i is action i.
        /// </summary>
        public uint Label { get; set; } = label;

        public float Weight { get; set; }
    }
}
