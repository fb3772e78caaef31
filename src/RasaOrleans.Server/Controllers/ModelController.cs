using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Core;
using RasaOrleans.Core.Evaluation;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;
using RasaOrleans.Grains.Models;
using RasaOrleans.Inference.Evaluation;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;
using RasaOrleans.Server.Training;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Later Rasa's model routes on <see cref="RasaOrleansOptions.BotId"/>: <c>POST /model/train</c> (training data →
/// a model zip), <c>PUT /model</c> (load a model from the model directory), <c>DELETE /model</c> (unload),
/// <c>POST /model/test/intents</c> and <c>POST /model/test/stories</c> (evaluate the loaded model). Loading and
/// unloading go through the cluster-wide model registry. Errors in Rasa 3's shape.
/// </summary>
[ApiController]
[LaterApi]
public sealed partial class ModelController(
    ModelRegistry registry,
    BotModels bots,
    ModelTrainingService training,
    IOptions<RasaOrleansOptions> options) : ControllerBase
{
    /// <summary>Largest training or test data body: 16 MiB.</summary>
    public const long MaxDataBodyBytes = 16L * 1024 * 1024;

    [HttpPost("/model/train")]
    [RequestSizeLimit(MaxDataBodyBytes)]
    public async Task<IActionResult> Train(CancellationToken cancellationToken)
    {
        var save = QueryFlags.Get(Request.Query, "save_to_default_model_directory", otherwise: true);
        QueryFlags.Get(Request.Query, "force_training", otherwise: false);
        if (Request.Query.ContainsKey("callback_url"))
        {
            return ApiError.Later(StatusCodes.Status400BadRequest, "'callback_url' is not supported: the request answers with the model when training is done.");
        }

        var body = await RequestBody.ReadTextAsync(Request, cancellationToken, MaxDataBodyBytes);
        if (string.IsNullOrWhiteSpace(body))
        {
            return ApiError.Later(StatusCodes.Status400BadRequest, "The request body is empty; expected training data as YAML.");
        }

        var model = await training.TrainAsync(body, save, cancellationToken);
        Response.Headers["filename"] = model.FileName;
        return File(model.Zip, "application/zip", model.FileName);
    }

    [HttpPut("/model")]
    public async Task<IActionResult> Replace(CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        if (body["remote_storage"] is not null || body["model_server"] is not null)
        {
            return ApiError.Later(StatusCodes.Status400BadRequest,
                "'model_server' and 'remote_storage' are not supported; put the model into the model directory and name it in 'model_file'.");
        }

        var modelFile = body["model_file"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw RequestRejectedException.BadRequest($"'model_file' must be a string, got {RequestBody.Describe(body["model_file"])}.");
        var path = ModelPaths.Resolve(modelFile, options.Value.ModelDirectory);
        await using Stream zip = Directory.Exists(path) ? new MemoryStream(ModelBundle.Pack(path)) : System.IO.File.OpenRead(path);
        if (await ModelPublishing.PublishZipAsync(registry, options.Value.BotId, zip, options.Value.DataDirectory, cancellationToken) is { } problem)
        {
            return ApiError.Later(StatusCodes.Status400BadRequest, $"The model could not be loaded: {problem}", "LoadingError");
        }

        return NoContent();
    }

    [HttpDelete("/model")]
    public async Task<IActionResult> Unload(CancellationToken cancellationToken)
    {
        await registry.UnloadBotAsync(options.Value.BotId, cancellationToken);
        return NoContent();
    }

    [HttpPost("/model/test/intents")]
    [RequestSizeLimit(MaxDataBodyBytes)]
    public async Task<IActionResult> TestIntents(CancellationToken cancellationToken)
    {
        if (Request.Query.ContainsKey("model"))
        {
            return ApiError.Later(StatusCodes.Status400BadRequest, "'model' is not supported: the loaded model is tested (load another with PUT /model).");
        }

        var body = await RequestBody.ReadTextAsync(Request, cancellationToken, MaxDataBodyBytes);
        var data = NluRequests.TrainingData(body, Request.ContentType);
        if (bots.Find(options.Value.BotId) is not { } bot)
        {
            return NoModel();
        }

        if (bot.Nlu is not { } nlu)
        {
            return ApiError.Later(StatusCodes.Status409Conflict, "The loaded model has no NLU model to test.");
        }

        var evaluation = await Task.Run(() => NluEvaluator.Evaluate(nlu, data), cancellationToken);
        var intents = evaluation.IntentReport;
        var result = new JsonObject
        {
            ["intent_evaluation"] = new JsonObject
            {
                ["report"] = intents.DeepClone(),
                ["accuracy"] = evaluation.IntentAccuracy,
                ["f1_score"] = intents["weighted avg"]?["f1-score"]?.DeepClone(),
                ["precision"] = intents["weighted avg"]?["precision"]?.DeepClone(),
                ["predictions"] = evaluation.Predictions.DeepClone(),
                ["errors"] = evaluation.Errors.DeepClone(),
            },
            ["entity_evaluation"] = evaluation.EntityExamples == 0 ? new JsonObject() : new JsonObject
            {
                ["ner_crf"] = new JsonObject
                {
                    ["report"] = evaluation.EntityReport.DeepClone(),
                    ["f1_score"] = evaluation.EntityReport["micro avg"]?["f1-score"]?.DeepClone(),
                    ["precision"] = evaluation.EntityReport["micro avg"]?["precision"]?.DeepClone(),
                },
            },
            ["response_selection_evaluation"] = new JsonObject(),
        };
        return Content(JsonText.Write(result), JsonError.ContentType);
    }

    [HttpPost("/model/test/stories")]
    [RequestSizeLimit(MaxDataBodyBytes)]
    public async Task<IActionResult> TestStories(CancellationToken cancellationToken)
    {
        if (QueryFlags.Get(Request.Query, "e2e", otherwise: false))
        {
            return ApiError.Later(StatusCodes.Status400BadRequest, "End-to-end story evaluation (e2e=true) is not supported; the stories' intents are used.");
        }

        var body = await RequestBody.ReadTextAsync(Request, cancellationToken, MaxDataBodyBytes);
        if (string.IsNullOrWhiteSpace(body))
        {
            return ApiError.Later(StatusCodes.Status400BadRequest, "The request body is empty; expected stories (YAML or Markdown).");
        }

        StoryGraph stories;
        try
        {
            stories = YamlStories().IsMatch(body) ? StoryReader.ReadYaml(body, "request body") : StoryReader.ReadMarkdown(body, "request body");
        }
        catch (RasaFormatException e)
        {
            return ApiError.Later(StatusCodes.Status400BadRequest, $"The stories could not be read: {e.Message}");
        }

        if (bots.Find(options.Value.BotId) is not { } bot)
        {
            return NoModel();
        }

        var evaluation = await Task.Run(() => new StoryEvaluator(bot.Dialogue.Domain, bot.Dialogue.Ensemble).Evaluate(stories), cancellationToken);
        var report = evaluation.Report().ToJson();
        var result = new JsonObject
        {
            ["report"] = report,
            ["precision"] = report["weighted avg"]?["precision"]?.DeepClone(),
            ["f1"] = report["weighted avg"]?["f1-score"]?.DeepClone(),
            ["accuracy"] = evaluation.ActionAccuracy,
            ["actions"] = new JsonArray([.. evaluation.Checks.Select(c => (JsonNode)new JsonObject
            {
                ["action"] = c.Expected,
                ["predicted"] = c.Predicted,
                ["policy"] = null,
                ["confidence"] = null,
            })]),
            ["in_training_data_fraction"] = null,
            ["is_end_to_end_evaluation"] = false,
            ["conversation_accuracy"] = new JsonObject
            {
                ["accuracy"] = evaluation.StoryAccuracy,
                ["correct"] = evaluation.CorrectStories,
                ["total"] = evaluation.Stories.Count,
            },
        };
        return Content(JsonText.Write(result), JsonError.ContentType);
    }

    private ContentResult NoModel() => ApiError.Later(StatusCodes.Status409Conflict,
        "No model is loaded. Load one with PUT /model (or POST /load).", "Conflict");

    [GeneratedRegex(@"^(stories|rules|version):", RegexOptions.Multiline)]
    private static partial Regex YamlStories();
}
