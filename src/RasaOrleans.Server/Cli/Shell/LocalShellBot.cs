using System.Text.Json.Nodes;
using RasaOrleans.Core;
using RasaOrleans.Core.Conversations;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Grains.Models;
using RasaOrleans.Inference.Models;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Server.Cli.Shell;

/// <summary>
/// The bot of a model directory, run in this process as the server runs it (the same engine, policies, NLU and
/// templates) on a tracker kept in memory: nothing is stored.
/// </summary>
internal sealed class LocalShellBot : IShellBot
{
    private readonly ConversationEngine _engine;
    private readonly TemplateRenderer _renderer;
    private readonly Tracker _tracker;

    private LocalShellBot(ConversationEngine engine, string sender)
    {
        _engine = engine;
        _renderer = new TemplateRenderer(engine.Domain);
        _tracker = engine.NewTracker(sender);
    }

    /// <summary>What was loaded, for the greeting line.</summary>
    public required string Description { get; init; }

    /// <summary>
    /// Loads the dialogue model of <paramref name="modelDirectory"/> and the NLU model of <paramref name="nluDirectory"/>
    /// (its folder or a model directory with <c>nlu/</c>; default: the dialogue model's <c>nlu/</c>, else the regex
    /// interpreter). Throws <see cref="RasaFormatException"/> when a model is missing or unreadable.
    /// </summary>
    public static LocalShellBot Load(string modelDirectory, string? nluDirectory, string sender)
    {
        if (!Directory.Exists(modelDirectory))
        {
            throw new RasaFormatException($"no model directory at '{modelDirectory}'");
        }

        var dialogue = DialogueModelLoader.Load(modelDirectory);
        var nlu = FindNlu(nluDirectory ?? modelDirectory, required: nluDirectory is not null);
        var parser = nlu?.CreateParser();
        var regex = new RegexInterpreter();
        var engine = new ConversationEngine(
            dialogue.Domain,
            text => ValueTask.FromResult(parser is null || RegexInterpreter.IsRegexMessage(text) ? regex.Parse(text) : parser.Parse(text)),
            tracker => ValueTask.FromResult(dialogue.Ensemble.PredictWithPolicies(tracker)),
            TimeProvider.System);
        return new LocalShellBot(engine, sender)
        {
            Description = $"model {Path.GetFullPath(modelDirectory)} ({(nlu is null ? "no NLU model: type intents as /intent" : "with its NLU model")})",
        };
    }

    public async Task<IReadOnlyList<JsonObject>> SendAsync(string text, CancellationToken cancellationToken)
    {
        var outcome = await _engine.RespondAsync(_tracker, text, _renderer, m => m.ToChannelJson());
        return [.. outcome.Body.AsArray().Select(m => m!.AsObject())];
    }

    private static NluModel? FindNlu(string directory, bool required) =>
        NluModels.ResolveDirectory(directory) is { } folder ? NluModel.Load(folder)
        : required ? throw new RasaFormatException($"no NLU model in '{directory}' or its nlu/ folder")
        : null;
}
