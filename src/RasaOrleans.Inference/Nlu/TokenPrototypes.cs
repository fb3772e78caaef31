using System.Numerics.Tensors;
using RasaOrleans.Core;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// The encoder's token vectors of the entity tokens in the training data, per entity type (at most
/// <see cref="MaxPerType"/>, evenly spaced): the tagger's "how close is this token to a known value of type X"
/// features. The highest cosine similarity is not a linear function of the token vector, so it adds what the
/// tagger's per-dimension weights cannot express: a new cuisine lies near the known ones. Immutable and thread-safe.
/// </summary>
internal sealed class TokenPrototypes
{
    /// <summary>Most vectors kept per entity type (bounds the model's size and the cost of a parse).</summary>
    public const int MaxPerType = 256;

    private static readonly byte[] s_magic = "RONLUTP1"u8.ToArray();

    private readonly float[][] _vectors;   // per type: count × dimensions, unit length
    private readonly int[][]? _sentences;  // per type and vector: the training sentence it came from (training only)

    private TokenPrototypes(int dimensions, float[][] vectors, int[][]? sentences)
    {
        Dimensions = dimensions;
        _vectors = vectors;
        _sentences = sentences;
    }

    public int Dimensions { get; }

    public int TypeCount => _vectors.Length;

    /// <summary>
    /// Collects the prototypes from the training sentences' token vectors and BIO tags
    /// (<see cref="EntityTagger.TagNames"/> numbering) for <paramref name="types"/> entity types.
    /// </summary>
    public static TokenPrototypes Collect(IReadOnlyList<float[]?[]?> tokenVectors, IReadOnlyList<int[]> tags, int types, int dimensions)
    {
        var found = Enumerable.Range(0, types).Select(_ => new List<(int Sentence, float[] Vector)>()).ToArray();
        for (var s = 0; s < tags.Count; s++)
        {
            for (var t = 0; t < tags[s].Length; t++)
            {
                if (tags[s][t] != 0 && tokenVectors[s]?[t] is { } vector)
                {
                    found[(tags[s][t] - 1) / 2].Add((s, vector));
                }
            }
        }

        var vectors = new float[types][];
        var sentences = new int[types][];
        for (var k = 0; k < types; k++)
        {
            var kept = found[k].Count <= MaxPerType
                ? found[k]
                : [.. Enumerable.Range(0, MaxPerType).Select(i => found[k][(int)((long)i * found[k].Count / MaxPerType)])];
            vectors[k] = new float[kept.Count * dimensions];
            sentences[k] = [.. kept.Select(p => p.Sentence)];
            for (var i = 0; i < kept.Count; i++)
            {
                var row = vectors[k].AsSpan(i * dimensions, dimensions);
                kept[i].Vector.AsSpan(0, dimensions).CopyTo(row);
                var norm = TensorPrimitives.Norm(row);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(row, norm, row);
                }
            }
        }

        return new TokenPrototypes(dimensions, vectors, sentences);
    }

    /// <summary>
    /// For each entity type, the highest cosine similarity of <paramref name="vector"/> to its prototypes (0 when it
    /// has none), written to <paramref name="best"/>; prototypes from training sentence <paramref name="exclude"/> are
    /// skipped (in training, a token must not find itself).
    /// </summary>
    public void Similarities(ReadOnlySpan<float> vector, Span<float> best, int exclude = -1)
    {
        var norm = TensorPrimitives.Norm(vector);
        for (var k = 0; k < _vectors.Length; k++)
        {
            var max = 0f;
            var rows = _vectors[k];
            for (var i = 0; i * Dimensions < rows.Length; i++)
            {
                if (exclude >= 0 && _sentences is not null && _sentences[k][i] == exclude)
                {
                    continue;
                }

                max = MathF.Max(max, TensorPrimitives.Dot(vector, rows.AsSpan(i * Dimensions, Dimensions)));
            }

            best[k] = norm > 0 ? max / norm : 0f;
        }
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(s_magic);
        writer.Write(Dimensions);
        writer.Write(_vectors.Length);
        foreach (var rows in _vectors)
        {
            writer.Write(rows.Length / Dimensions);
            foreach (var v in rows)
            {
                writer.Write(v);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static TokenPrototypes FromBytes(byte[] bytes, string file)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                throw new RasaFormatException("not a token prototypes file", file);
            }

            var dimensions = reader.ReadInt32();
            var types = reader.ReadInt32();
            if (dimensions is <= 0 or > 4096 || types is < 0 or > 10_000)
            {
                throw new RasaFormatException("token prototypes file has impossible sizes", file);
            }

            var vectors = new float[types][];
            for (var k = 0; k < types; k++)
            {
                var count = reader.ReadInt32();
                if (count is < 0 or > MaxPerType)
                {
                    throw new RasaFormatException("token prototypes file has impossible sizes", file);
                }

                vectors[k] = new float[count * dimensions];
                for (var i = 0; i < vectors[k].Length; i++)
                {
                    vectors[k][i] = reader.ReadSingle();
                }
            }

            return new TokenPrototypes(dimensions, vectors, null);
        }
        catch (EndOfStreamException)
        {
            throw new RasaFormatException("token prototypes file is truncated", file);
        }
    }
}
