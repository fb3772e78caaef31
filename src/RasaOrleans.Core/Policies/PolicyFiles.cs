using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Policies;

/// <summary>Reading a policy's persisted JSON with errors that say which file is wrong.</summary>
public static class PolicyFiles
{
    public static JsonObject ReadJson(string path)
    {
        try
        {
            // model files may come from an upload: parsed as strictly as any request
            return StrictJson.Parse(File.ReadAllText(path), path) as JsonObject
                ?? throw new RasaFormatException("expected a JSON object", path);
        }
        catch (IOException e)
        {
            throw new RasaFormatException($"cannot read: {e.Message}", path);
        }
    }
}
