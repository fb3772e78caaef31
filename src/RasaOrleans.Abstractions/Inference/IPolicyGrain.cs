namespace RasaOrleans.Abstractions.Inference;

/// <summary>
/// Runs a bot's policy ensemble on a tracker handed over in process (see <see cref="InProcessHandle"/>).
/// A stateless worker; it never changes the tracker.
/// </summary>
[Alias("rasa.IPolicyGrain")]
public interface IPolicyGrain : IGrainWithIntegerKey
{
    /// <summary>The best policy's scores in domain action order, the chosen action and the policy's name.</summary>
    [Alias("predict")]
    Task<PolicyResult> PredictAsync(string botId, InProcessHandle tracker);
}
