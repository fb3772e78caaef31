using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Models;

/// <summary>An NLU model as registered in this silo: its name, the model, and the folder it came from (null when
/// it was trained in this process and not saved).</summary>
public sealed record LoadedNluModel(string Name, NluModel Model, string? Directory)
{
    public string Fingerprint => Model.Fingerprint;
}
