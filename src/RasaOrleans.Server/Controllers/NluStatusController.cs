using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Http;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Rasa NLU's <c>GET /status</c>: the project's models, the running training jobs and the limit; plus
/// <c>serving</c>: this silo's name and the fingerprint of every model it serves (the whole cluster's at
/// <c>GET /cluster/models</c>).
/// </summary>
[ApiController]
public sealed class NluStatusController(NluModels models, NluTrainingService training, ModelRegistry registry) : ControllerBase
{
    [HttpGet("/status")]
    public IActionResult Status()
    {
        var status = NluResponses.Status(models.All.Select(m => m.Name), training.SavedModelNames(), training.RunningJobs, training.MaxConcurrentTrainings);
        status["serving"] = new JsonObject
        {
            ["silo"] = registry.SiloName,
            ["models"] = ClusterModelsController.Serving(registry.Serving),
        };
        return NluResponses.Json(status);
    }
}
