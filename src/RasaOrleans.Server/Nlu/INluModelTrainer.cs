using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Server.Nlu;

/// <summary>
/// Trains an NLU model; what <see cref="NluTrainingService"/> runs on a pool thread. The seam exists so that tests
/// can hold a training job at a point they control.
/// </summary>
public interface INluModelTrainer
{
    /// <summary>Trains synchronously; data mistakes are <see cref="Core.RasaFormatException"/>s naming the example.</summary>
    NluModel Train(NluTrainingData data, NluPipelineSettings settings, CancellationToken cancellationToken);
}
