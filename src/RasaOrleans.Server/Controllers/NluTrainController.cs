using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Server.Http;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Rasa NLU's <c>POST /train?name=&lt;model&gt;</c>: the body is the training data (rasa_nlu JSON, Markdown or
/// YAML), query parameters override pipeline settings; the request waits for the job, which
/// <see cref="NluTrainingService"/> runs off the request path, and the model is then served by <c>/parse</c>.
/// </summary>
[ApiController]
public sealed class NluTrainController(NluTrainingService training, TimeProvider time) : ControllerBase
{
    [HttpPost("/train")]
    [RequestSizeLimit(NluRequests.MaxTrainingBodyBytes)]
    public async Task<IActionResult> Train(CancellationToken cancellationToken)
    {
        var name = NluRequests.TrainingName(Request.Query, time.GetUtcNow());
        var settings = NluRequests.PipelineSettings(Request.Query);
        var body = await RequestBody.ReadTextAsync(Request, cancellationToken, NluRequests.MaxTrainingBodyBytes);
        var data = NluRequests.TrainingData(body, Request.ContentType);
        return NluResponses.Training(await training.TrainAsync(name, data, settings), Response);
    }
}
