namespace RasaOrleans.Core.Nlu;

/// <summary>
/// An entity in a training example: characters <c>[Start, End)</c> of the example's text, the entity type, and the
/// value it stands for (which may differ from the text: a synonym).
/// </summary>
public sealed record NluEntity(int Start, int End, string Value, string Entity, string? Role = null, string? Group = null);
