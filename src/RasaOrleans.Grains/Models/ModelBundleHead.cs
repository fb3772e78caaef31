namespace RasaOrleans.Grains.Models;

/// <summary>
/// One version of a model in the registry: its slot (<see cref="ModelSlots"/>), an id that grows with every
/// version put, the fingerprint of what it serves, where it came from (<c>startup</c>, <c>load</c>,
/// <c>train</c>) and when.
/// </summary>
public sealed record ModelBundleHead(long Version, string Slot, string Fingerprint, string Source, DateTimeOffset CreatedUtc);
