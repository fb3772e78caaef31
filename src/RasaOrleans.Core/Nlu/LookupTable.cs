namespace RasaOrleans.Core.Nlu;

/// <summary>A named list of entity values, turned into a regex feature by Rasa's pipeline.</summary>
public sealed record LookupTable(string Name, IReadOnlyList<string> Elements)
{
    public bool Equals(LookupTable? other) =>
        other is not null && Name == other.Name && Elements.SequenceEqual(other.Elements);

    public override int GetHashCode() => HashCode.Combine(Name, Elements.Count);
}
