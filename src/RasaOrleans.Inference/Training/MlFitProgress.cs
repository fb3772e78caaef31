using System.Collections;
using System.Reflection;
using Microsoft.ML;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Inference.Training;

/// <summary>
/// Reports the iterations and loss of an ML.NET L-BFGS fit while it runs. ML.NET records them as progress
/// checkpoints ("LBFGS Optimizer": units <c>iterations</c>, metric <c>Loss</c>) in its environment's progress
/// tracker, which has no public accessor: it is read by reflection, on a polling task, every 100 ms. Should a
/// later ML.NET rename those internals, the fit runs as before and only the iteration lines are missing
/// (<c>TrainCommandTests</c> would fail on that).
/// </summary>
internal static class MlFitProgress
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Runs <paramref name="fit"/>, reporting its optimizer's iterations as <paramref name="step"/>.</summary>
    public static T Watch<T>(MLContext ml, string step, IterationProgress? progress, Func<T> fit)
    {
        if (progress is null || Tracker(ml) is not { } poll)
        {
            return fit();
        }

        using var stop = new CancellationTokenSource();
        var polling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Drain(poll, step, progress);
                try
                {
                    await Task.Delay(100, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        try
        {
            return fit();
        }
        finally
        {
            stop.Cancel();
            polling.Wait();
            Drain(poll, step, progress);
            progress.Finish(step);
        }
    }

    private static void Drain(Func<IList?> poll, string step, IterationProgress progress)
    {
        foreach (var e in poll() ?? Array.Empty<object>())
        {
            if (Field(e, "ProgressEntry") is not { } entry || Field(entry, "Header") is not { } header ||
                Field(header, "MetricNames") is not string[] metricNames || Field(header, "UnitNames") is not string[] unitNames ||
                Field(entry, "Metrics") is not double?[] metrics || Field(entry, "Progress") is not double?[] units)
            {
                continue;
            }

            var loss = Array.IndexOf(metricNames, "Loss");
            var iterations = Array.IndexOf(unitNames, "iterations");
            if (loss >= 0 && iterations >= 0 && loss < metrics.Length && iterations < units.Length &&
                metrics[loss] is { } value && units[iterations] is { } iteration)
            {
                progress.Report(step, (int)iteration, value);
            }
        }
    }

    /// <summary><c>MLContext._env.ProgressTracker.GetAllProgress</c>, or null when this ML.NET has no such members.</summary>
    private static Func<IList?>? Tracker(MLContext ml)
    {
        var environment = typeof(MLContext).GetField("_env", Members)?.GetValue(ml);
        FieldInfo? field = null;
        for (var type = environment?.GetType(); type is not null && field is null; type = type.BaseType)
        {
            field = type.GetField("ProgressTracker", Members | BindingFlags.DeclaredOnly);
        }

        var tracker = field?.GetValue(environment);
        var getAll = tracker?.GetType().GetMethod("GetAllProgress", Members, Type.EmptyTypes);
        return tracker is null || getAll is null ? null : () => getAll.Invoke(tracker, null) as IList;
    }

    private static object? Field(object target, string name) => target.GetType().GetField(name, Members)?.GetValue(target);
}
