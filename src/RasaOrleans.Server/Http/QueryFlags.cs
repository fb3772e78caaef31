namespace RasaOrleans.Server.Http;

/// <summary>Rasa's boolean query parameters (<c>?all_sessions=true</c>, <c>?save_to_default_model_directory=false</c>).</summary>
public static class QueryFlags
{
    /// <summary>The flag's value (<c>true</c>/<c>false</c>, any case), <paramref name="otherwise"/> when absent; 400 for anything else.</summary>
    public static bool Get(IQueryCollection query, string name, bool otherwise)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return otherwise;
        }

        return bool.TryParse(values.ToString(), out var flag)
            ? flag
            : throw RequestRejectedException.BadRequest($"Invalid value '{values}' for '{name}': expected true or false.");
    }
}
