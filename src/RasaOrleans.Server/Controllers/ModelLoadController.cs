using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Core;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// <c>POST /load</c> (spec §4.10): a multipart form whose <c>model</c> field is a zip of a model directory.
/// The zip is unpacked into a new folder under <c>&lt;DataDirectory&gt;/models/</c>, the model loaded and, only
/// if that succeeds, served for <see cref="RasaOrleansOptions.BotId"/>; a bad upload is a 400 and changes
/// nothing. The swap happens on the silo that received the request only (each silo holds its own registry);
/// a restarted server loads its start-up model again.
/// </summary>
[ApiController]
public sealed class ModelLoadController(BotModels models, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    public const string FieldName = "model";

    [HttpPost("/load")]
    [RequestSizeLimit(ModelArchive.MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = ModelArchive.MaxUploadBytes)]
    public async Task<IActionResult> Load(CancellationToken cancellationToken)
    {
        var upload = await ModelUpload.ReadAsync(Request, FieldName, cancellationToken);
        await using var zip = upload.OpenReadStream();
        var modelsRoot = Path.Combine(options.Value.DataDirectory, "models");
        var directory = await ModelArchive.ExtractAsync(zip, modelsRoot, cancellationToken);
        try
        {
            models.Load(options.Value.BotId, directory);
        }
        catch (Exception e) when (e is RasaFormatException or IOException or JsonException or InvalidDataException)
        {
            ModelArchive.Discard(directory, modelsRoot);
            return JsonError.Result(StatusCodes.Status400BadRequest, $"The uploaded model could not be loaded: {e.Message}");
        }
        catch
        {
            // a bug is still a 500, but it leaves nothing on disk either
            ModelArchive.Discard(directory, modelsRoot);
            throw;
        }

        return Content("{\"success\": 1}", JsonError.ContentType);
    }
}
