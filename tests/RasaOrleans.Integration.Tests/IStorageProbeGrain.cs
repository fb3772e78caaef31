namespace RasaOrleans.Integration.Tests;

/// <summary>Appends events to a stored conversation state and reads them back, reporting the hosting silo.</summary>
[Alias("rasa.test.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    /// <summary>Appends one event (JSON text) and writes the state.</summary>
    [Alias("Append")]
    Task AppendAsync(string eventJson);

    /// <summary>The stored events as this activation sees them and the silo it runs on.</summary>
    [Alias("Read")]
    Task<ProbeSnapshot> ReadAsync();
}
