namespace RasaOrleans.Abstractions.Inference;

/// <summary>
/// Hands an in-memory object (a conversation's tracker) to a stateless worker on the same silo without copying
/// or serializing it. Stateless workers always run on the calling silo and <see cref="ImmutableAttribute"/>
/// types are passed by reference on local calls, so the value arrives as is; it is deliberately not part of the
/// wire format (only <see cref="Label"/> is), so if a handle ever crossed silos it would arrive empty and the
/// worker would refuse it.
/// </summary>
[GenerateSerializer, Immutable, Alias("rasa.InProcessHandle")]
public sealed class InProcessHandle
{
    public InProcessHandle(object value, string label)
    {
        Value = value;
        Label = label;
    }

    /// <summary>What the handle points at, for error messages.</summary>
    [Id(0)]
    public string Label { get; init; }

    /// <summary>The object; null if the handle was deserialized on another silo.</summary>
    [NonSerialized]
    public readonly object? Value;
}
