namespace RasaOrleans.Abstractions.Inference;

/// <summary>
/// Interprets user text with a named NLU model (a bot id, or a model name of the NLU routes), or with the regex
/// interpreter for <c>/intent{json}</c> texts and names with no model. A stateless worker: activations are local
/// to the caller and run in parallel.
/// </summary>
[Alias("rasa.INluGrain")]
public interface INluGrain : IGrainWithIntegerKey
{
    /// <summary>The <c>parse_data</c> JSON for <paramref name="text"/>, by the model registered as <paramref name="modelKey"/>.</summary>
    [Alias("parse")]
    Task<string> ParseAsync(string modelKey, string text);

    /// <summary>
    /// The <c>parse_data</c> for <paramref name="text"/> by the NLU model in <paramref name="model"/> (an
    /// in-process handle to the bot's models that a conversation turn resolved; a bot without an NLU model parses with
    /// the regex interpreter), handed back in process too: a handle to a new <c>JsonObject</c> the caller owns, so
    /// the result is neither serialized nor copied. Null when the model's handle arrived empty, and a handle with
    /// no value when the answer did: the call left the caller's silo (stateless workers are local, except while a
    /// silo shuts down), and the caller parses itself.
    /// </summary>
    [Alias("parse-in-process")]
    [ResponseTimeout("00:00:05")]
    Task<InProcessHandle?> ParseWithAsync(InProcessHandle model, string text);
}
