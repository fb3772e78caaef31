using System.Text;
using RasaOrleans.Core;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// A trained multinomial logistic regression: for each known feature hash a row of per-class weights, plus
/// per-class biases. Immutable after construction, so one instance serves any number of threads.
/// </summary>
internal sealed class LinearClassifier
{
    private const int FormatVersion = 1;
    private static readonly byte[] s_magic = "RONLULC1"u8.ToArray();

    private readonly FeatureIndex _featureIndex;
    private readonly ulong[] _featureKeys;
    private readonly float[] _weights;
    private readonly float[] _biases;

    public LinearClassifier(string[] labels, ulong[] featureKeys, float[] weights, float[] biases)
    {
        if (weights.Length != featureKeys.Length * labels.Length || biases.Length != labels.Length)
        {
            throw new ArgumentException("weights do not match features and labels");
        }

        Labels = labels;
        _featureKeys = featureKeys;
        _weights = weights;
        _biases = biases;
        _featureIndex = new FeatureIndex(featureKeys);
    }

    public IReadOnlyList<string> Labels { get; }

    public int ClassCount => _biases.Length;

    public int FeatureCount => _featureKeys.Length;

    /// <summary>Writes class probabilities (softmax of the linear scores) into <paramref name="probabilities"/>.</summary>
    public void Predict(HashedFeatures features, Span<float> probabilities)
    {
        var scores = probabilities[.._biases.Length];
        Score(features, scores);
        Softmax(scores);
    }

    /// <summary>Writes the linear scores (logits) into <paramref name="scores"/>.</summary>
    public void Score(HashedFeatures features, Span<float> scores)
    {
        var classes = _biases.Length;
        scores = scores[..classes];
        _biases.CopyTo(scores);
        var keys = features.Keys;
        var values = features.Values;
        var weights = _weights;
        for (var i = 0; i < keys.Length; i++)
        {
            if (_featureIndex.TryGetRow(keys[i], out var f))
            {
                var row = weights.AsSpan(f * classes, classes);
                var v = values[i];
                for (var c = 0; c < row.Length; c++)
                {
                    scores[c] += v * row[c];
                }
            }
        }
    }

    /// <summary>The same classifier with every weight and bias times <paramref name="factor"/> (1 / temperature): same ranking, sharper or flatter confidences.</summary>
    public LinearClassifier Scaled(float factor) =>
        new([.. Labels], _featureKeys, [.. _weights.Select(w => w * factor)], [.. _biases.Select(b => b * factor)]);

    /// <summary>The same classifier with each feature's weights times its factor (features not listed keep theirs).</summary>
    public LinearClassifier ScaledFeatures(IReadOnlyDictionary<ulong, float> factors)
    {
        var classes = _biases.Length;
        var weights = new float[_weights.Length];
        for (var f = 0; f < _featureKeys.Length; f++)
        {
            var factor = factors.GetValueOrDefault(_featureKeys[f], 1f);
            for (var c = 0; c < classes; c++)
            {
                weights[f * classes + c] = _weights[f * classes + c] * factor;
            }
        }

        return new([.. Labels], _featureKeys, weights, [.. _biases]);
    }

    /// <summary>
    /// One classifier whose scores are <paramref name="first"/>'s plus <paramref name="weight"/> times
    /// <paramref name="second"/>'s (same labels in the same order), over the union of their features: the softmax of
    /// the sum is the normalized product of the two models' (weighted) probabilities, at the cost of one model.
    /// </summary>
    public static LinearClassifier Sum(LinearClassifier first, LinearClassifier second, float weight)
    {
        if (!first.Labels.SequenceEqual(second.Labels, StringComparer.Ordinal))
        {
            throw new ArgumentException("the classifiers' labels differ");
        }

        var classes = first.ClassCount;
        var keys = new List<ulong>(first._featureKeys);
        var row = first._featureKeys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i);
        foreach (var key in second._featureKeys)
        {
            if (row.TryAdd(key, keys.Count))
            {
                keys.Add(key);
            }
        }

        var weights = new float[keys.Count * classes];
        first._weights.CopyTo(weights, 0);
        for (var f = 0; f < second._featureKeys.Length; f++)
        {
            var target = row[second._featureKeys[f]] * classes;
            for (var c = 0; c < classes; c++)
            {
                weights[target + c] += weight * second._weights[f * classes + c];
            }
        }

        var biases = first._biases.Zip(second._biases, (a, b) => a + weight * b).ToArray();
        return new LinearClassifier([.. first.Labels], [.. keys], weights, biases);
    }

    /// <summary>The per-class weights of feature <paramref name="key"/>, or false when training never saw it.</summary>
    public bool TryGetWeights(ulong key, out ReadOnlySpan<float> row)
    {
        if (_featureIndex.TryGetRow(key, out var f))
        {
            row = _weights.AsSpan(f * _biases.Length, _biases.Length);
            return true;
        }

        row = default;
        return false;
    }

    public static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }

        var sum = 0f;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = MathF.Exp(scores[c] - max);
            sum += scores[c];
        }

        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] /= sum;
        }
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write(FormatVersion);
            writer.Write(Labels.Count);
            foreach (var label in Labels)
            {
                writer.Write(label);
            }

            writer.Write(_featureKeys.Length);
            foreach (var key in _featureKeys)
            {
                writer.Write(key);
            }

            foreach (var w in _weights)
            {
                writer.Write(w);
            }

            foreach (var b in _biases)
            {
                writer.Write(b);
            }
        }

        return stream.ToArray();
    }

    public static LinearClassifier FromBytes(byte[] bytes, string file)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic) || reader.ReadInt32() != FormatVersion)
            {
                throw new RasaFormatException("not a classifier file of this version", file);
            }

            // counts come from a file a client may have uploaded: each must fit in the bytes that are left
            var labels = new string[Count(reader, bytes.Length, 1, file)];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = reader.ReadString();
            }

            var keys = new ulong[Count(reader, bytes.Length, sizeof(ulong), file)];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = reader.ReadUInt64();
            }

            if ((long)keys.Length * labels.Length * sizeof(float) > bytes.Length - reader.BaseStream.Position)
            {
                throw new RasaFormatException("classifier file is truncated or damaged (more weights than bytes)", file);
            }

            var weights = new float[keys.Length * labels.Length];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = reader.ReadSingle();
            }

            var biases = new float[labels.Length];
            for (var i = 0; i < biases.Length; i++)
            {
                biases[i] = reader.ReadSingle();
            }

            return new LinearClassifier(labels, keys, weights, biases);
        }
        catch (EndOfStreamException e)
        {
            throw new RasaFormatException("classifier file is truncated", file, null, e);
        }
    }

    private static int Count(BinaryReader reader, long length, int bytesEach, string file)
    {
        var count = reader.ReadInt32();
        return count >= 0 && (long)count * bytesEach <= length - reader.BaseStream.Position
            ? count
            : throw new RasaFormatException($"classifier file is truncated or damaged (a count of {count})", file);
    }
}
