using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Abstractions;
using Microsoft.Extensions.Options;
using RasaOrleans.Abstractions.Inference;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Rasa NLU's parse routes: <c>POST /parse</c> (<c>{"query"|"q": text, "model"?: name}</c>) and
/// <c>GET /parse?q=&amp;model=</c>, answering <c>parse_data</c> with <c>model</c> and <c>project</c>; and later Rasa's
/// <c>POST /model/parse</c> (<c>{"text": …}</c>) on the bot's model, answering <c>parse_data</c>. Parsing runs in the
/// local NLU worker grains; texts starting with <c>/</c> or <c>_</c> go to the regex interpreter there.
/// </summary>
[ApiController]
public sealed class NluParseController(IGrainFactory grains, NluModels models, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    [HttpPost("/parse")]
    public async Task<IActionResult> Parse(CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        return await ParseAsync(NluRequests.QueryText(body), NluRequests.ModelName(body, Request.Query));
    }

    [HttpGet("/parse")]
    public Task<IActionResult> ParseFromQuery() =>
        ParseAsync(NluRequests.QueryText(Request.Query), NluRequests.ModelName(null, Request.Query));

    [HttpPost("/model/parse")]
    public async Task<IActionResult> ParseText(CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        var parseData = await GrainReferences.Get<INluGrain>(grains, 0).ParseAsync(options.Value.BotId, NluRequests.Text(body));
        return Content(parseData, JsonError.ContentType);
    }

    private async Task<IActionResult> ParseAsync(string text, string? model)
    {
        var name = model ?? NluModels.DefaultName;
        var loaded = models.Find(name);
        if (loaded is null && model is not null)
        {
            var known = models.All.Select(m => m.Name).ToList();
            return JsonError.Result(StatusCodes.Status404NotFound,
                $"No NLU model named '{model}' is loaded. Loaded models: {(known.Count == 0 ? "none" : string.Join(", ", known))}.");
        }

        var parseData = await GrainReferences.Get<INluGrain>(grains, 0).ParseAsync(name, text);
        return NluResponses.ParseData(parseData, loaded is null ? NluResponses.FallbackModel : name);
    }
}
