using System.Runtime.CompilerServices;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Feature hash → row number, as a read-only open-addressing table with linear probing: one array of keys and
/// one of rows, a power-of-two size at most half full. Lookups touch one or two cache lines, where a
/// <see cref="Dictionary{TKey,TValue}"/> goes through a bucket array and an entry array. Immutable after
/// construction, so any number of threads can read it.
/// </summary>
internal sealed class FeatureIndex
{
    private readonly ulong[] _keys;
    private readonly int[] _rows; // row + 1; 0 marks an empty slot
    private readonly int _mask;

    public FeatureIndex(ReadOnlySpan<ulong> keys)
    {
        var size = 16;
        while (size < keys.Length * 2)
        {
            size *= 2;
        }

        _keys = new ulong[size];
        _rows = new int[size];
        _mask = size - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = Slot(keys[i]);
            while (_rows[slot] != 0 && _keys[slot] != keys[i])
            {
                slot = (slot + 1) & _mask;
            }

            if (_rows[slot] == 0)
            {
                _keys[slot] = keys[i];
                _rows[slot] = i + 1; // keys are distinct (the trainer numbers each once); a repeat would keep its first row
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetRow(ulong key, out int row)
    {
        var slot = Slot(key);
        while (true)
        {
            var r = _rows[slot];
            if (r == 0)
            {
                row = -1;
                return false;
            }

            if (_keys[slot] == key)
            {
                row = r - 1;
                return true;
            }

            slot = (slot + 1) & _mask;
        }
    }

    // the keys are FNV hashes already; fold the high bits in so the low bits used for the slot are well mixed
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key ^ (key >> 29) ^ (key >> 43)) & (ulong)_mask);
}
