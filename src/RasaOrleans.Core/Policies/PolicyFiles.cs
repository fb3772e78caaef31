using System.Text.Json;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Policies;

/// <summary>Reading a policy's persisted JSON with errors that say which file is wrong.</summary>
public static class PolicyFiles
{
    public static JsonObject ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new RasaFormatException("expected a JSON object", path);
        }
        catch (JsonException e)
        {
            throw new RasaFormatException($"invalid JSON: {e.Message}", path);
        }
        catch (IOException e)
        {
            throw new RasaFormatException($"cannot read: {e.Message}", path);
        }
    }
}
