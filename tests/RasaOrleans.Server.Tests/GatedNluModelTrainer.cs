using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// The real trainer behind a gate the test opens: a job signals <see cref="Entered"/> and then waits for
/// <see cref="Open"/> (or for the job's cancellation, e.g. its time limit).
/// </summary>
public sealed class GatedNluModelTrainer : INluModelTrainer, IDisposable
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _gate = new(false);

    /// <summary>Completes when the first job has started training.</summary>
    public Task Entered => _entered.Task;

    public void Open() => _gate.Set();

    public NluModel Train(NluTrainingData data, NluPipelineSettings settings, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        _gate.Wait(cancellationToken);
        return new NluModelTrainer().Train(data, settings, cancellationToken);
    }

    public void Dispose() => _gate.Dispose();
}
