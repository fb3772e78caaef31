using System.Text.Json.Nodes;
using RasaOrleans.Core;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Inference.Policies;

/// <summary>
/// The ML dialogue policy (what Rasa's <c>KerasPolicy</c>/<c>SklearnPolicy</c> do): a maximum-entropy
/// (multinomial logistic regression) classifier over the binary state vectors of the last
/// <see cref="MaxHistory"/> states, flattened, with all-zero padding. Trained with ML.NET's LBFGS
/// (<see cref="MlPolicyTrainer"/>); predicting is the linear model's softmax computed here from the learned
/// weights, so no <c>PredictionEngine</c> is involved.
/// <para>
/// Thread safety: an instance is immutable after construction and <see cref="Predict"/> allocates only
/// per-call buffers, so one instance per loaded model can be shared by every thread of a silo.
/// </para>
/// </summary>
public sealed class MlPolicy : IDialoguePolicy
{
    public const string PolicyName = PolicyConfiguration.MlPolicy;

    private readonly StateFeaturizer _featurizer;
    private readonly Dictionary<string, int> _featureIndex;
    private readonly float[] _weights;
    private readonly float[] _biases;

    internal MlPolicy(StateFeaturizer featurizer, int maxHistory, float[] weights, float[] biases)
    {
        var domain = featurizer.Domain;
        StateSize = domain.StateFeatureNames.Count;
        ActionCount = domain.ActionNames.Count;
        if (maxHistory < 1)
        {
            throw new RasaFormatException($"MlPolicy: max_history must be at least 1, got {maxHistory}");
        }

        if (weights.Length != ActionCount * StateSize * maxHistory || biases.Length != ActionCount)
        {
            throw new RasaFormatException(
                $"MlPolicy: expected {ActionCount} actions × {StateSize * maxHistory} features, found {biases.Length} biases and {weights.Length} weights");
        }

        _featurizer = featurizer;
        MaxHistory = maxHistory;
        _weights = weights;
        _biases = biases;
        _featureIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < StateSize; i++)
        {
            _featureIndex[domain.StateFeatureNames[i]] = i;
        }
    }

    public string Name => PolicyName;

    public int MaxHistory { get; }

    /// <summary>Features per state: the domain's state feature names.</summary>
    public int StateSize { get; }

    public int ActionCount { get; }

    /// <summary>Length of the flattened input vector.</summary>
    public int FeatureCount => StateSize * MaxHistory;

    public double[] Predict(Tracker tracker) => Predict(_featurizer.LastStates(tracker, MaxHistory));

    /// <summary>Action probabilities (softmax of the linear scores) for a window of states, in domain action order.</summary>
    public double[] Predict(IReadOnlyList<DialogueState?> window)
    {
        Span<int> active = stackalloc int[64];
        Span<float> values = stackalloc float[64];
        var count = 0;
        var heap = (List<(int, float)>?)null;
        for (var slot = 0; slot < window.Count; slot++)
        {
            if (window[slot] is not { } state)
            {
                continue;
            }

            foreach (var (name, value) in state.Features)
            {
                if (value == 0.0 || !_featureIndex.TryGetValue(name, out var index))
                {
                    continue;
                }

                var column = slot * StateSize + index;
                if (count < active.Length)
                {
                    active[count] = column;
                    values[count] = (float)value;
                    count++;
                }
                else
                {
                    (heap ??= []).Add((column, (float)value));
                }
            }
        }

        var scores = new double[ActionCount];
        var max = double.NegativeInfinity;
        for (var a = 0; a < ActionCount; a++)
        {
            var row = a * FeatureCount;
            double z = _biases[a];
            for (var k = 0; k < count; k++)
            {
                z += _weights[row + active[k]] * values[k];
            }

            if (heap is not null)
            {
                foreach (var (column, value) in heap)
                {
                    z += _weights[row + column] * value;
                }
            }

            scores[a] = z;
            max = Math.Max(max, z);
        }

        var sum = 0.0;
        for (var a = 0; a < ActionCount; a++)
        {
            scores[a] = Math.Exp(scores[a] - max);
            sum += scores[a];
        }

        for (var a = 0; a < ActionCount; a++)
        {
            scores[a] /= sum;
        }

        return scores;
    }

    /// <summary>
    /// The binary (or slot-valued) input vector of a window: state features in domain order for each of the
    /// window's states, oldest first; padding and unknown features are zero.
    /// </summary>
    public static float[] Vector(IReadOnlyList<DialogueState?> window, IReadOnlyDictionary<string, int> featureIndex, int stateSize)
    {
        var vector = new float[stateSize * window.Count];
        for (var slot = 0; slot < window.Count; slot++)
        {
            if (window[slot] is not { } state)
            {
                continue;
            }

            foreach (var (name, value) in state.Features)
            {
                if (featureIndex.TryGetValue(name, out var index))
                {
                    vector[slot * stateSize + index] = (float)value;
                }
            }
        }

        return vector;
    }

    /// <summary>The persisted form (<c>ml_policy.json</c>): settings, the features and actions it was trained on, weights and biases.</summary>
    public JsonObject ToJson()
    {
        var rows = new JsonArray();
        for (var a = 0; a < ActionCount; a++)
        {
            rows.Add(new JsonArray([.. _weights.AsSpan(a * FeatureCount, FeatureCount).ToArray().Select(w => (JsonNode)w)]));
        }

        return new JsonObject
        {
            ["max_history"] = MaxHistory,
            ["state_features"] = new JsonArray([.. _featurizer.Domain.StateFeatureNames.Select(n => (JsonNode)n)]),
            ["actions"] = new JsonArray([.. _featurizer.Domain.ActionNames.Select(n => (JsonNode)n)]),
            ["biases"] = new JsonArray([.. _biases.Select(b => (JsonNode)b)]),
            ["weights"] = rows,
        };
    }

    /// <summary>Restores a policy from <see cref="ToJson"/>, refusing one trained on other features or actions.</summary>
    public static MlPolicy FromJson(StateFeaturizer featurizer, JsonObject json, string? file = null)
    {
        var domain = featurizer.Domain;
        var features = (json["state_features"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList();
        var actions = (json["actions"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList();
        if (features is null || !features.SequenceEqual(domain.StateFeatureNames) || actions is null || !actions.SequenceEqual(domain.ActionNames))
        {
            throw new RasaFormatException("MlPolicy was trained on other state features or actions than the model's domain; retrain it", file);
        }

        var maxHistory = json["max_history"]?.GetValue<int>() ?? throw new RasaFormatException("MlPolicy lacks 'max_history'", file);
        var biases = (json["biases"] as JsonArray)?.Select(n => n!.GetValue<float>()).ToArray()
            ?? throw new RasaFormatException("MlPolicy lacks 'biases'", file);
        var weights = (json["weights"] as JsonArray)?.SelectMany(row => ((JsonArray)row!).Select(n => n!.GetValue<float>())).ToArray()
            ?? throw new RasaFormatException("MlPolicy lacks 'weights'", file);
        return new MlPolicy(featurizer, maxHistory, weights, biases);
    }
}
