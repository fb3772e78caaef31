using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Http;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Controllers;

/// <summary>Rasa NLU's <c>GET /status</c>: the project's models, the running training jobs and the limit.</summary>
[ApiController]
public sealed class NluStatusController(NluModels models, NluTrainingService training) : ControllerBase
{
    [HttpGet("/status")]
    public IActionResult Status() =>
        NluResponses.Json(NluResponses.Status(models.All.Select(m => m.Name), training.SavedModelNames(),
            training.RunningJobs, training.MaxConcurrentTrainings));
}
