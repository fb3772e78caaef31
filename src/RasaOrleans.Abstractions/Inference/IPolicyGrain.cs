namespace RasaOrleans.Abstractions.Inference;

/// <summary>
/// Runs a bot's policy ensemble, handed over in process with the tracker (see <see cref="InProcessHandle"/>).
/// A stateless worker; it never changes the tracker.
/// </summary>
[Alias("rasa.IPolicyGrain")]
public interface IPolicyGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The best policy's scores in domain action order, the chosen action and the policy's name, by the dialogue
    /// model in <paramref name="model"/> (the one the conversation turn resolved; never looked up again here).
    /// Null when the handles arrived empty: the call left the caller's silo (stateless workers are local, except
    /// while a silo shuts down), and the caller predicts itself.
    /// </summary>
    [Alias("predict-with")]
    [ResponseTimeout("00:00:05")]
    Task<PolicyResult?> PredictAsync(InProcessHandle model, InProcessHandle tracker);
}
