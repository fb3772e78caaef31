namespace RasaOrleans.Grains.Models;

/// <summary>What one silo reported it serves: slot → fingerprint, and when it reported.</summary>
public sealed record SiloServing(string Silo, IReadOnlyDictionary<string, string> Serving, DateTimeOffset UpdatedUtc);
