using System.Text;
using RasaOrleans.Core;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// A nearest-neighbour view of the intents over the sentence encoder's vectors: every training example's unit
/// vector with its intent. A message's score for an intent is its highest cosine similarity to that intent's
/// examples; a softmax over these scores (with a temperature) gives probabilities that are blended with the
/// linear classifier's. It helps where an intent has a few examples phrased very differently from each other,
/// which one linear boundary fits badly. Immutable and thread-safe.
/// </summary>
internal sealed class IntentNeighbours
{
    private static readonly byte[] s_magic = "RONN"u8.ToArray();
    private const int FormatVersion = 1;

    private readonly float[] _vectors;
    private readonly int[] _labels;

    public IntentNeighbours(float[] vectors, int[] labels, int dimension, int intents)
    {
        _vectors = vectors;
        _labels = labels;
        Dimension = dimension;
        IntentCount = intents;
    }

    public int Dimension { get; }

    public int IntentCount { get; }

    /// <summary>From the training examples' sentence vectors (scaled to unit length here) and their intent numbers.</summary>
    public static IntentNeighbours Build(IReadOnlyList<float[]> vectors, IReadOnlyList<int> labels, int intents)
    {
        var dimension = vectors.Count == 0 ? 0 : vectors[0].Length;
        var all = new float[vectors.Count * dimension];
        for (var i = 0; i < vectors.Count; i++)
        {
            var norm = MathF.Sqrt(vectors[i].Sum(v => v * v));
            for (var d = 0; d < dimension; d++)
            {
                all[i * dimension + d] = norm > 0 ? vectors[i][d] / norm : 0f;
            }
        }

        return new IntentNeighbours(all, [.. labels], dimension, intents);
    }

    /// <summary>
    /// Blends the neighbour probabilities of <paramref name="vector"/> into <paramref name="probabilities"/>:
    /// <c>(1 - weight) × classifier + weight × softmax(best cosine per intent / temperature)</c>.
    /// <paramref name="scratch"/> needs one float per intent.
    /// </summary>
    public void Blend(ReadOnlySpan<float> vector, Span<float> probabilities, float weight, float temperature, Span<float> scratch)
    {
        var best = scratch[..IntentCount];
        best.Fill(-1f);
        var norm = 0f;
        foreach (var v in vector)
        {
            norm += v * v;
        }

        var scale = norm > 0 ? 1f / MathF.Sqrt(norm) : 0f;
        for (var i = 0; i < _labels.Length; i++)
        {
            var similarity = System.Numerics.Tensors.TensorPrimitives.Dot(vector, _vectors.AsSpan(i * Dimension, Dimension)) * scale;
            if (similarity > best[_labels[i]])
            {
                best[_labels[i]] = similarity;
            }
        }

        var max = float.NegativeInfinity;
        foreach (var b in best)
        {
            max = MathF.Max(max, b);
        }

        var sum = 0f;
        for (var c = 0; c < best.Length; c++)
        {
            best[c] = MathF.Exp((best[c] - max) / temperature);
            sum += best[c];
        }

        for (var c = 0; c < best.Length; c++)
        {
            probabilities[c] = (1 - weight) * probabilities[c] + weight * best[c] / sum;
        }
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write(FormatVersion);
            writer.Write(IntentCount);
            writer.Write(Dimension);
            writer.Write(_labels.Length);
            foreach (var label in _labels)
            {
                writer.Write(label);
            }

            foreach (var v in _vectors)
            {
                writer.Write(v);
            }
        }

        return stream.ToArray();
    }

    public static IntentNeighbours FromBytes(byte[] bytes, string file)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic) || reader.ReadInt32() != FormatVersion)
            {
                throw new RasaFormatException("not an intent neighbours file of this version", file);
            }

            var intents = reader.ReadInt32();
            var dimension = reader.ReadInt32();
            var count = reader.ReadInt32();
            // the counts come from a file: they must describe exactly the bytes that are left
            if (intents < 1 || dimension < 0 || count < 0 || (long)count * (4 + 4L * dimension) != bytes.Length - reader.BaseStream.Position)
            {
                throw new RasaFormatException("intent neighbours file is damaged (sizes do not match its length)", file);
            }

            var labels = new int[count];
            for (var i = 0; i < count; i++)
            {
                labels[i] = reader.ReadInt32();
                if (labels[i] < 0 || labels[i] >= intents)
                {
                    throw new RasaFormatException($"intent neighbours file is damaged (intent number {labels[i]})", file);
                }
            }

            var vectors = new float[count * dimension];
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i] = reader.ReadSingle();
            }

            return new IntentNeighbours(vectors, labels, dimension, intents);
        }
        catch (EndOfStreamException)
        {
            throw new RasaFormatException("intent neighbours file is truncated", file);
        }
    }
}
