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
        var modelsRoot = Path.Combine(options.Value.DataDirectory, "models");
        var directory = await ModelArchive.ExtractAsync(zip, modelsRoot, cancellationToken);
        try
        {
            // stored in the cluster-wide registry before it is served anywhere; the unpacked folder is not
            // needed once the model is in memory
            await registry.PublishBotAsync(options.Value.BotId, directory, cancellationToken);
        }
        catch (Exception e) when (e is RasaFormatException or IOException or JsonException or InvalidDataException)
        {
            return JsonError.Result(StatusCodes.Status400BadRequest, $"The uploaded model could not be loaded: {Describe(e, directory)}");
        }
        finally
        {
            ModelArchive.Discard(directory, modelsRoot);
        }

        return Content("{\"success\": 1}", JsonError.ContentType);
    }

    // what is wrong, naming files relative to the model (never the server's own paths)
    private static string Describe(Exception e, string directory) => e switch
    {
        RasaFormatException { File: { } file } format when Path.IsPathRooted(file) =>
            $"{Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/')}{(format.Line is { } line ? $", line {line}" : "")}: {format.Problem}",
        RasaFormatException format => format.Message,
        JsonException => "a file of the model is not the JSON this server writes",
        _ => "a file of the model could not be read",
    };
}
