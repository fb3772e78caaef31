namespace RasaOrleans.Grains.Tests.Storage;

/// <summary>A state that is not an event log: stored whole as JSON.</summary>
public sealed class ProfileState
{
    public string Name { get; set; } = "";

    public int Visits { get; set; }

    public List<string> Tags { get; set; } = [];
}
