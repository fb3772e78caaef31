namespace RasaOrleans.Inference.Nlu;

/// <summary>A reusable list of (feature hash, value) pairs; duplicates add up.</summary>
internal sealed class HashedFeatures
{
    private ulong[] _keys = new ulong[256];
    private float[] _values = new float[256];

    public int Count { get; private set; }

    public ReadOnlySpan<ulong> Keys => _keys.AsSpan(0, Count);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(ulong key, float value = 1f)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }

        _keys[Count] = key;
        _values[Count] = value;
        Count++;
    }

    /// <summary>Scales the values added since <paramref name="from"/> to unit length (a group's L2 norm).</summary>
    public void NormalizeFrom(int from)
    {
        var n = Count - from;
        if (n <= 0)
        {
            return;
        }

        var scale = 1f / MathF.Sqrt(n);
        for (var i = from; i < Count; i++)
        {
            _values[i] *= scale;
        }
    }

    public (ulong[] Keys, float[] Values) ToArrays() => (Keys.ToArray(), Values.ToArray());
}
