namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// 64-bit FNV-1a over a feature's template number and (lower-cased) characters. Stable across processes and
/// machines, unlike <see cref="string.GetHashCode()"/>, so saved models keep working; computing it needs no
/// string allocation, which keeps parsing cheap.
/// </summary>
internal static class FeatureHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Start(int template) => (Offset ^ (uint)template) * Prime;

    public static ulong Add(ulong hash, char c)
    {
        hash = (hash ^ (byte)c) * Prime;
        return (hash ^ (byte)(c >> 8)) * Prime;
    }

    public static ulong AddLower(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = Add(hash, char.ToLowerInvariant(c));
        }

        return hash;
    }

    /// <summary>Marks the boundary between two parts of a feature (tokens of an n-gram, name and value).</summary>
    public static ulong Separator(ulong hash) => Add(hash, '\u001f');

    public static ulong Of(int template, string lowerText) => AddLower(Start(template), lowerText);
}
