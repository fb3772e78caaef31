namespace RasaOrleans.Grains;

/// <summary>Names of the grain storage providers the grains ask for.</summary>
public static class StorageNames
{
    /// <summary>Holds conversation trackers (event logs).</summary>
    public const string Conversations = "conversations";
}
