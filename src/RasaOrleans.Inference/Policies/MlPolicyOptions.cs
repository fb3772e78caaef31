using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core;
using RasaOrleans.Core.Policies;

namespace RasaOrleans.Inference.Policies;

/// <summary>
/// Settings of <see cref="MlPolicy"/> from its <c>policies:</c> entry: <c>max_history</c> (5), <c>epochs</c>
/// (LBFGS iterations; default: until converged), <c>l1_regularization</c> (0.01), <c>l2_regularization</c>
/// (0.01), <c>optimization_tolerance</c> (1e-7) and <c>random_seed</c> (1). Keras-only keys (<c>batch_size</c>,
/// <c>validation_split</c>, …) are ignored.
/// </summary>
public sealed record MlPolicyOptions
{
    public const int DefaultMaxHistory = 5;

    public int MaxHistory { get; init; } = DefaultMaxHistory;

    public int? MaximumIterations { get; init; }

    public float L1Regularization { get; init; } = 0.01f;

    public float L2Regularization { get; init; } = 0.01f;

    public float OptimizationTolerance { get; init; } = 1e-7f;

    public int Seed { get; init; } = 1;

    public static MlPolicyOptions From(PolicySpec spec)
    {
        var options = new MlPolicyOptions
        {
            MaxHistory = spec.MaxHistory ?? DefaultMaxHistory,
            MaximumIterations = spec.Epochs,
            L1Regularization = (float)(Number(spec, "l1_regularization") ?? 0.01),
            L2Regularization = (float)(Number(spec, "l2_regularization") ?? 0.01),
            OptimizationTolerance = (float)(Number(spec, "optimization_tolerance") ?? 1e-7),
            Seed = (int)(Number(spec, "random_seed") ?? 1),
        };
        if (options.MaxHistory < 1 || options.MaximumIterations is < 1 || options.L1Regularization < 0 || options.L2Regularization < 0)
        {
            throw new RasaFormatException($"{spec.Name}: max_history and epochs must be at least 1, regularization 0 or more");
        }

        return options;
    }

    private static double? Number(PolicySpec spec, string key) =>
        spec.Settings.GetValueOrDefault(key) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
