using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Core.Events;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Http;

/// <summary>The JSON answers of the NLU routes (Rasa NLU 0.12's shapes, spec §8.1).</summary>
public static class NluResponses
{
    /// <summary>Rasa NLU names the project; this server has one, <c>default</c>.</summary>
    public const string Project = "default";

    /// <summary>The model name <c>/parse</c> reports when no model is loaded and the regex interpreter answered.</summary>
    public const string FallbackModel = "fallback";

    /// <summary>How long a client should wait before retrying a refused training job, in seconds.</summary>
    public const int RetryAfterSeconds = 10;

    /// <summary>A JSON body with status 200.</summary>
    public static ContentResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        new() { StatusCode = status, Content = JsonText.Write(body), ContentType = JsonError.ContentType };

    /// <summary><c>parse_data</c> with the <c>model</c> and <c>project</c> that answered (rasa_nlu 0.12+).</summary>
    public static ContentResult ParseData(string parseDataJson, string model)
    {
        var data = JsonText.Read(parseDataJson).AsObject();
        data["model"] = model;
        data["project"] = Project;
        return Json(data);
    }

    /// <summary>The answer to <c>/train</c>: 200 with the model, or the error that fits the outcome.</summary>
    public static ContentResult Training(NluTrainingOutcome outcome, HttpResponse response)
    {
        switch (outcome.Status)
        {
            case NluTrainingStatus.Trained:
                return Json(new JsonObject
                {
                    ["info"] = $"new model trained: {outcome.Name}",
                    ["model"] = outcome.Name,
                    ["project"] = Project,
                    ["fingerprint"] = outcome.Model!.Fingerprint,
                    ["training_time"] = JsonFloat.Node(Math.Round(outcome.Elapsed.TotalSeconds, 3)),
                });
            case NluTrainingStatus.InvalidData:
                return JsonError.Result(StatusCodes.Status400BadRequest, $"Invalid NLU training data: {outcome.Problem}");
            case NluTrainingStatus.NameInUse:
                return JsonError.Result(StatusCodes.Status409Conflict, $"Cannot train: {outcome.Problem}.");
            case NluTrainingStatus.Busy:
                response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return JsonError.Result(StatusCodes.Status503ServiceUnavailable, $"Cannot train now: {outcome.Problem}.");
            default:
                return JsonError.Result(StatusCodes.Status504GatewayTimeout, $"Training timed out: {outcome.Problem}.");
        }
    }

    /// <summary>
    /// <c>GET /status</c>, Rasa NLU 0.12's shape (one project, <c>default</c>) plus the running jobs:
    /// <c>available_models</c> are the registered and the saved models, <c>loaded_models</c> the registered ones.
    /// </summary>
    public static JsonObject Status(IEnumerable<string> loaded, IEnumerable<string> saved, IReadOnlyList<NluTrainingJob> jobs, int maxTrainings)
    {
        var loadedNames = loaded.Order(StringComparer.Ordinal).ToList();
        var available = loadedNames.Union(saved, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new JsonObject
        {
            ["max_training_processes"] = maxTrainings,
            ["current_training_processes"] = jobs.Count,
            ["available_projects"] = new JsonObject
            {
                [Project] = new JsonObject
                {
                    ["status"] = jobs.Count > 0 ? "training" : "ready",
                    ["current_training_processes"] = jobs.Count,
                    ["available_models"] = Strings(available),
                    ["loaded_models"] = Strings(loadedNames),
                },
            },
            ["training_jobs"] = new JsonArray([.. jobs.Select(job => (JsonNode)new JsonObject
            {
                ["name"] = job.Name,
                ["started"] = job.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["status"] = "training",
            })]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
