namespace RasaOrleans.Abstractions.Inference;

/// <summary>
/// Interprets user text for a bot: the bot's NLU model, or the regex interpreter for <c>/intent{json}</c>
/// texts and bots without one. A stateless worker: activations are local to the caller and run in parallel.
/// </summary>
[Alias("rasa.INluGrain")]
public interface INluGrain : IGrainWithIntegerKey
{
    /// <summary>The <c>parse_data</c> JSON for <paramref name="text"/>.</summary>
    [Alias("parse")]
    Task<string> ParseAsync(string botId, string text);
}
