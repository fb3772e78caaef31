using RasaOrleans.Core.Models;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// A bot's models as loaded in this silo: the dialogue model, the NLU model its conversations parse with (null:
/// the regex interpreter) and where the dialogue model was loaded from. A conversation turn resolves this once
/// and uses it throughout, so no turn mixes two models.
/// </summary>
public sealed record LoadedBot(string BotId, DialogueModel Dialogue, NluModel? Nlu, string ModelDirectory)
{
    public string Fingerprint => Dialogue.Fingerprint;
}
