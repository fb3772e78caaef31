using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// <c>POST /load</c> (spec §4.10): a multipart form whose <c>model</c> field is a zip of a model directory.
/// The zip is unpacked into a scratch folder under <c>&lt;DataDirectory&gt;/models/</c>, the model loaded and, only
/// if that succeeds, stored in the cluster-wide model registry and served for
/// <see cref="RasaOrleansOptions.BotId"/>: here at once, on every other silo within the registry's sync interval,
/// and after restarts; a bad upload is a 400 and changes nothing. The scratch folder is removed either way.
/// </summary>
[ApiController]
public sealed class ModelLoadController(ModelRegistry registry, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    public const string FieldName = "model";

    [HttpPost("/load")]
    [RequestSizeLimit(ModelArchive.MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = ModelArchive.MaxUploadBytes)]
    public async Task<IActionResult> Load(CancellationToken cancellationToken)
    {
        var upload = await ModelUpload.ReadAsync(Request, FieldName, cancellationToken);
        await using var zip = upload.OpenReadStream();
        if (await ModelPublishing.PublishZipAsync(registry, options.Value.BotId, zip, options.Value.DataDirectory, cancellationToken) is { } problem)
        {
            return JsonError.Result(StatusCodes.Status400BadRequest, $"The uploaded model could not be loaded: {problem}");
        }

        return Content("{\"success\": 1}", JsonError.ContentType);
    }
}
