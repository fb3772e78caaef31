using RasaOrleans.Core.Models;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Models;

/// <summary>
/// A bot's models as loaded in this silo: the dialogue model, the NLU model its conversations parse with (null:
/// the regex interpreter) and where the dialogue model was loaded from. A conversation turn resolves this once
/// and uses it throughout, so no turn mixes two models. <see cref="ModelDirectory"/> says where it was loaded
/// from (a folder, or a registry version).
/// </summary>
public sealed record LoadedBot(string BotId, DialogueModel Dialogue, NluModel? Nlu, string ModelDirectory)
{
    public string Fingerprint => Dialogue.Fingerprint;

    /// <summary>What the registry identifies this bot's models by: the dialogue model's and the NLU model's fingerprints.</summary>
    public string BundleFingerprint => Nlu is null ? Dialogue.Fingerprint : $"{Dialogue.Fingerprint}+{Nlu.Fingerprint}";
}
