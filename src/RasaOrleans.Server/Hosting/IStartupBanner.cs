namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Something worth one line in the start-up log (the loaded model and its fingerprint, for example).
/// Register any number as singletons; each is logged once the server has started.
/// </summary>
public interface IStartupBanner
{
    /// <summary>Name and value pairs to log, e.g. ("model", "moodbot 3f2a…").</summary>
    IEnumerable<KeyValuePair<string, string>> GetBannerItems();
}
