using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>Edits a saved model's <c>nlu_data.json</c> as another build might have written it, keeping the manifest's hash right.</summary>
internal static class SavedModelFiles
{
    public static void EditData(string folder, Action<JsonNode> edit)
    {
        var dataFile = Path.Combine(folder, "nlu_data.json");
        var data = JsonNode.Parse(File.ReadAllText(dataFile))!;
        edit(data);
        File.WriteAllText(dataFile, data.ToJsonString());
        var manifestFile = Path.Combine(folder, NluModel.ManifestFileName);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestFile))!;
        manifest["files"]!["nlu_data.json"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dataFile)));
        File.WriteAllText(manifestFile, manifest.ToJsonString());
    }
}
