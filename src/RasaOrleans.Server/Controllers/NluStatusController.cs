using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;
using RasaOrleans.Server.Nlu;
using RasaOrleans.Server.Training;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// <c>GET /status</c> in both of Rasa's shapes at once, since their keys do not collide: Rasa NLU's (the project's
/// models, the running training jobs and the limit) and later Rasa's (<c>model_file</c>, <c>model_id</c>,
/// <c>fingerprint</c>, <c>num_active_training_jobs</c>, all null/empty while no model is loaded); plus
/// <c>serving</c>: this silo's name and the fingerprint of every model it serves (the whole cluster's at
/// <c>GET /cluster/models</c>).
/// </summary>
[ApiController]
public sealed class NluStatusController(
    NluModels models,
    NluTrainingService training,
    ModelTrainingService modelTraining,
    BotModels bots,
    ModelRegistry registry,
    IOptions<RasaOrleansOptions> options) : ControllerBase
{
    [HttpGet("/status")]
    public IActionResult Status()
    {
        var status = NluResponses.Status(models.All.Select(m => m.Name), training.SavedModelNames(), training.RunningJobs, training.MaxConcurrentTrainings);
        var bot = bots.Find(options.Value.BotId);
        status["model_file"] = bot?.ModelDirectory;
        status["model_id"] = bot?.BundleFingerprint;
        status["fingerprint"] = bot is null
            ? new JsonObject()
            : new JsonObject { ["dialogue"] = bot.Fingerprint, ["nlu"] = bot.Nlu?.Fingerprint };
        status["num_active_training_jobs"] = modelTraining.ActiveJobs + training.RunningJobs.Count;
        status["serving"] = new JsonObject
        {
            ["silo"] = registry.SiloName,
            ["models"] = ClusterModelsController.Serving(registry.Serving),
        };
        return NluResponses.Json(status);
    }
}
