using System.Globalization;
using Microsoft.Extensions.Options;
using RasaOrleans.Core;
using RasaOrleans.Core.Training;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Cli;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Training;

/// <summary>
/// Trains whole models for <c>POST /model/train</c>: the body's parts are written to a scratch folder under the
/// data directory, trained as <c>train</c> does (on a pool thread, never in a grain turn), zipped (the format
/// <c>POST /load</c> and <c>PUT /model</c> take) and, when asked, saved into
/// <see cref="RasaOrleansOptions.ModelDirectory"/>. The scratch folder is removed either way. At most
/// <see cref="RasaOrleansOptions.MaxConcurrentTrainings"/> run at once; more are refused (503).
/// </summary>
public sealed class ModelTrainingService(IOptions<RasaOrleansOptions> options)
{
    private int _active;

    /// <summary>Trainings running now in this process (<c>GET /status</c>'s <c>num_active_training_jobs</c>).</summary>
    public int ActiveJobs => Volatile.Read(ref _active);

    /// <summary>
    /// Trains the body. Bad training data is a <see cref="RequestRejectedException"/> (400), too many trainings a 503;
    /// nothing is left on disk but the saved model.
    /// </summary>
    public async Task<TrainedModel> TrainAsync(string body, bool save, CancellationToken cancellationToken)
    {
        TrainingRequest request;
        try
        {
            request = TrainingRequest.Parse(body);
        }
        catch (RasaFormatException e)
        {
            throw RequestRejectedException.BadRequest($"The training data could not be read: {Describe(e)}");
        }

        if (request.Domain is null != (request.Stories is null) || (request.Domain is null && request.Nlu is null))
        {
            throw RequestRejectedException.BadRequest(request.Domain is null && request.Stories is not null
                ? "The training data has stories or rules but no domain (intents, actions, responses …)."
                : request.Domain is not null
                    ? "The training data has a domain but no stories or rules to train the dialogue on."
                    : "The training data has nothing to train: give a domain with stories or rules, and/or nlu data.");
        }

        if (Interlocked.Increment(ref _active) > options.Value.MaxConcurrentTrainings)
        {
            Interlocked.Decrement(ref _active);
            throw new RequestRejectedException(StatusCodes.Status503ServiceUnavailable,
                $"{options.Value.MaxConcurrentTrainings} training(s) already running; try again when one has finished.");
        }

        var work = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "training", Guid.NewGuid().ToString("N"));
        try
        {
            var input = Directory.CreateDirectory(Path.Combine(work, "input")).FullName;
            string? Write(TrainingPart? part)
            {
                if (part is null)
                {
                    return null;
                }

                var path = Path.Combine(input, part.FileName);
                File.WriteAllText(path, part.Text);
                return path;
            }

            var trainOptions = new TrainOptions(Write(request.Domain), Write(request.Stories), Write(request.Nlu), Write(request.Config), Path.Combine(work, "model"));
            try
            {
                await Task.Run(() => TrainCommand.Train(trainOptions, TextWriter.Null), cancellationToken);
            }
            catch (RasaFormatException e)
            {
                throw RequestRejectedException.BadRequest($"The model could not be trained: {Describe(e)}");
            }

            var zip = ModelBundle.Pack(trainOptions.Out);
            var name = $"{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}.zip";
            string? saved = null;
            if (save)
            {
                var directory = Directory.CreateDirectory(options.Value.ModelDirectory).FullName;
                saved = Path.Combine(directory, name);
                await File.WriteAllBytesAsync(saved, zip, cancellationToken);
            }

            return new TrainedModel(name, zip, saved);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // nothing was written
            }
        }
    }

    // where a mistake is, named by the part of the request (never the server's scratch paths)
    private static string Describe(RasaFormatException e)
    {
        var where = e.File is null ? null : Path.GetFileName(e.File) switch
        {
            TrainingRequest.BodyFileName => "the request body",
            var file => $"'{Path.GetFileNameWithoutExtension(file)}'",
        };
        return where is null ? e.Problem : $"{where}{(e.Line is { } line ? $", line {line}" : "")}: {e.Problem}";
    }
}
