using RasaOrleans.Core.Models;
using RasaOrleans.Inference.Policies;

namespace RasaOrleans.Inference.Models;

/// <summary>
/// Loads a model directory with every policy this build knows (the ML policy included). Use this rather than
/// <see cref="DialogueModel.Load"/> wherever a trained model is served. The loaded policies are immutable:
/// load once per silo and share the <see cref="DialogueModel"/> between threads.
/// </summary>
public static class DialogueModelLoader
{
    public static DialogueModel Load(string directory) => DialogueModel.Load(directory, InferencePolicies.Catalog);
}
