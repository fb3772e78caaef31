using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Grains.Models;
using RasaOrleans.Inference.Nlu;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Nlu;

/// <summary>
/// Runs <c>POST /train</c> jobs: at most <see cref="RasaOrleansOptions.MaxConcurrentTrainings"/> at once (more are
/// refused, not queued, as Rasa NLU refuses them), each on a pool thread — never in a grain turn — and within
/// <see cref="RasaOrleansOptions.TrainingTimeout"/>. A trained model is saved under
/// <c>&lt;DataDirectory&gt;/nlu-models/&lt;name&gt;/</c>, then stored in the model registry and served by every silo; a job
/// that fails or runs out of time registers nothing. A slot is given back only when its job has really
/// stopped, so the limit bounds the CPU that training takes even after a time-out.
/// </summary>
public sealed partial class NluTrainingService : IDisposable
{
    /// <summary>Folder below the data directory where trained NLU models are saved, one folder per name.</summary>
    public const string ModelsFolderName = "nlu-models";

    private readonly ModelRegistry _registry;
    private readonly INluModelTrainer _trainer;
    private readonly RasaOrleansOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NluTrainingService> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, NluTrainingJob> _jobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public NluTrainingService(ModelRegistry registry, INluModelTrainer trainer, IOptions<RasaOrleansOptions> options,
        TimeProvider time, ILogger<NluTrainingService> logger)
    {
        _registry = registry;
        _trainer = trainer;
        _options = options.Value;
        _time = time;
        _logger = logger;
        MaxConcurrentTrainings = Math.Max(1, _options.MaxConcurrentTrainings);
        _slots = new SemaphoreSlim(MaxConcurrentTrainings, MaxConcurrentTrainings);
    }

    /// <summary>How many jobs may run at once.</summary>
    public int MaxConcurrentTrainings { get; }

    /// <summary>Where trained models are saved.</summary>
    public string ModelsRoot => Path.GetFullPath(Path.Combine(_options.DataDirectory, ModelsFolderName));

    /// <summary>The running jobs, oldest first.</summary>
    public IReadOnlyList<NluTrainingJob> RunningJobs => [.. _jobs.Values.OrderBy(j => j.Started)];

    /// <summary>Names of the models saved under <see cref="ModelsRoot"/>.</summary>
    public IReadOnlyList<string> SavedModelNames() =>
        Directory.Exists(ModelsRoot)
            ? [.. Directory.EnumerateDirectories(ModelsRoot)
                .Where(d => File.Exists(Path.Combine(d, NluModel.ManifestFileName)))
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    /// <summary>
    /// Trains a model named <paramref name="name"/> (a valid name: see <see cref="IsValidName"/>) and waits for it.
    /// </summary>
    public async Task<NluTrainingOutcome> TrainAsync(string name, NluTrainingData data, NluPipelineSettings settings)
    {
        var job = new NluTrainingJob(name, _time.GetUtcNow());
        if (!_jobs.TryAdd(name, job))
        {
            return new NluTrainingOutcome(NluTrainingStatus.NameInUse, name,
                Problem: $"a model named '{name}' is already being trained");
        }

        if (!_slots.Wait(0))
        {
            _jobs.TryRemove(KeyValuePair.Create(name, job));
            return new NluTrainingOutcome(NluTrainingStatus.Busy, name,
                Problem: $"the server is already running {MaxConcurrentTrainings} training job(s), its limit; try again later");
        }

        var started = Stopwatch.GetTimestamp();
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(_options.TrainingTimeout);
        var token = deadline.Token; // the continuation below disposes the source, possibly before the await
        var run = new JobRun();
        var work = Task.Run(() => TrainAndRegister(name, data, settings, run, token), CancellationToken.None);
        _ = work.ContinueWith(_ =>
        {
            _jobs.TryRemove(KeyValuePair.Create(name, job));
            deadline.Dispose();
            _slots.Release();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            var model = await work.WaitAsync(token);

            // into the cluster-wide registry: every silo serves it within the sync interval, and after restarts
            await _registry.PublishNluAsync(name, Path.Combine(ModelsRoot, name), model, CancellationToken.None);
            LogTrained(_logger, name, model.Fingerprint, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return new NluTrainingOutcome(NluTrainingStatus.Trained, name, model) { Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        catch (RasaFormatException e)
        {
            return new NluTrainingOutcome(NluTrainingStatus.InvalidData, name, Problem: e.Message) { Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        catch (OperationCanceledException) when (run.TryAbandon())
        {
            LogTimedOut(_logger, name, _options.TrainingTimeout);
            return new NluTrainingOutcome(NluTrainingStatus.TimedOut, name,
                Problem: $"training model '{name}' took longer than the limit of {_options.TrainingTimeout}; nothing was registered")
            { Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        catch (OperationCanceledException)
        {
            // the job finished registering just as the time ran out: it counts as trained
            var model = await work;
            await _registry.PublishNluAsync(name, Path.Combine(ModelsRoot, name), model, CancellationToken.None);
            return new NluTrainingOutcome(NluTrainingStatus.Trained, name, model) { Elapsed = Stopwatch.GetElapsedTime(started) };
        }
    }

    /// <summary>A model name is a folder name: 1–100 of letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, not starting with <c>.</c>.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 100 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private NluModel TrainAndRegister(string name, NluTrainingData data, NluPipelineSettings settings, JobRun run,
        CancellationToken cancellationToken)
    {
        var model = _trainer.Train(data, settings, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        // save next to the target and swap folders, so a reader never sees half a model
        Directory.CreateDirectory(ModelsRoot);
        var target = Path.Combine(ModelsRoot, name);
        var staging = Path.Combine(ModelsRoot, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            model.Save(staging);
            if (!run.TryComplete())
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        // registered (here and on every silo) by the registry once it is stored there: see TrainAsync
        return model;
    }

    /// <summary>Decides, once, whether a job completes (registers its model) or is abandoned on time-out.</summary>
    private sealed class JobRun
    {
        private const int Running = 0;
        private const int Completed = 1;
        private const int Abandoned = 2;
        private int _state;

        public bool TryComplete() => Interlocked.CompareExchange(ref _state, Completed, Running) == Running;

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Running) == Running;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NLU model {Name} trained (fingerprint {Fingerprint}) in {Seconds:0.00} s")]
    private static partial void LogTrained(ILogger logger, string name, string fingerprint, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training NLU model {Name} exceeded the time limit of {Timeout}; abandoned")]
    private static partial void LogTimedOut(ILogger logger, string name, TimeSpan timeout);
}
