namespace RasaOrleans.Grains.Models;

/// <summary>
/// Names of the registry's slots: <c>bot/&lt;bot id&gt;</c> holds a bot's model (dialogue model with its
/// <c>nlu/</c>), <c>nlu/&lt;name&gt;</c> an NLU model of the NLU routes (<c>POST /train?name=</c>).
/// </summary>
public static class ModelSlots
{
    public const string BotPrefix = "bot/";

    public const string NluPrefix = "nlu/";

    /// <summary>Where a model came from: the server's start-up model, an upload, a training.</summary>
    public const string FromStartup = "startup";

    public const string FromLoad = "load";

    public const string FromTrain = "train";

    /// <summary>
    /// A version that unloads the slot (<c>DELETE /model</c>): an empty bundle; a silo that reaches it serves no
    /// model for the slot until a newer version is published.
    /// </summary>
    public const string FromUnload = "unload";

    /// <summary>The fingerprint an unloading version carries.</summary>
    public const string NoModel = "none";

    public static string Bot(string botId) => BotPrefix + botId;

    public static string Nlu(string name) => NluPrefix + name;
}
