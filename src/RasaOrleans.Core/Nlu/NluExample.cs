namespace RasaOrleans.Core.Nlu;

/// <summary>One training message: its text, its intent (optional for entity-only examples) and its entities.</summary>
public sealed record NluExample(string Text, string? Intent, IReadOnlyList<NluEntity> Entities)
{
    public bool Equals(NluExample? other) =>
        other is not null && Text == other.Text && Intent == other.Intent && Entities.SequenceEqual(other.Entities);

    public override int GetHashCode() => HashCode.Combine(Text, Intent, Entities.Count);
}
