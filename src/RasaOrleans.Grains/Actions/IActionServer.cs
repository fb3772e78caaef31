using RasaOrleans.Core.Conversations;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Grains.Actions;

/// <summary>Runs custom actions on the bot's action server (Rasa's custom action protocol).</summary>
public interface IActionServer
{
    /// <summary>Runs <paramref name="action"/> for <paramref name="tracker"/> (read before the first await, not kept).</summary>
    ValueTask<CustomActionResult> RunAsync(string action, Tracker tracker, DomainSpec domain, CancellationToken cancellationToken = default);
}
