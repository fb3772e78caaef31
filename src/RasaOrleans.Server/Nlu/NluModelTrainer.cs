using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Server.Nlu;

/// <summary>The real trainer: <see cref="NluTrainer"/> with the given settings.</summary>
public sealed class NluModelTrainer : INluModelTrainer
{
    public NluModel Train(NluTrainingData data, NluPipelineSettings settings, CancellationToken cancellationToken) =>
        new NluTrainer(settings).Train(data, cancellationToken);
}
