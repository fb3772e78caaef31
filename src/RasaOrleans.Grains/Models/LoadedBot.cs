using RasaOrleans.Core.Models;

namespace RasaOrleans.Grains.Models;

/// <summary>A bot's models as loaded in this silo: the dialogue model and where it was loaded from.</summary>
public sealed record LoadedBot(string BotId, DialogueModel Dialogue, string ModelDirectory)
{
    public string Fingerprint => Dialogue.Fingerprint;
}
