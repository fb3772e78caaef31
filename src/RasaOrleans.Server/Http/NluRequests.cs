using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Reads the parameters of the NLU routes (<c>/parse</c>, <c>/model/parse</c>, <c>/train</c>) from bodies and query
/// strings, rejecting mistakes with a 400 that names them.
/// </summary>
public static partial class NluRequests
{
    /// <summary>Largest training data body <c>/train</c> accepts: 16 MiB.</summary>
    public const long MaxTrainingBodyBytes = 16 * 1024 * 1024;

    /// <summary>The text of <c>POST /parse</c>: <c>query</c>, else <c>q</c> (Rasa NLU reads both; <c>query</c> wins).</summary>
    public static string QueryText(JsonObject body)
    {
        var key = body.ContainsKey("query") ? "query" : body.ContainsKey("q") ? "q" : null;
        return key is null
            ? throw RequestRejectedException.BadRequest("No text to parse: the body needs 'query' (or 'q') with the message text.")
            : StringValue(body, key);
    }

    /// <summary>The text of <c>GET /parse</c>: <c>?query=</c>, else <c>?q=</c>.</summary>
    public static string QueryText(IQueryCollection query) =>
        query.TryGetValue("query", out var text) || query.TryGetValue("q", out text)
            ? text.ToString()
            : throw RequestRejectedException.BadRequest("No text to parse: give ?q=<message text> (or ?query=).");

    /// <summary>The text of <c>POST /model/parse</c>: <c>text</c>.</summary>
    public static string Text(JsonObject body) =>
        body.ContainsKey("text")
            ? StringValue(body, "text")
            : throw RequestRejectedException.BadRequest("No text to parse: the body needs 'text' with the message text.");

    /// <summary>The model a parse request names: <c>model</c> in the body, else <c>?model=</c>; null when neither.</summary>
    public static string? ModelName(JsonObject? body, IQueryCollection query)
    {
        if (body is not null && body["model"] is not null)
        {
            return StringValue(body, "model");
        }

        return query.TryGetValue("model", out var model) && model.ToString().Length > 0 ? model.ToString() : null;
    }

    /// <summary>The name <c>/train</c> saves the model under: <c>?name=</c>, else <c>model_&lt;timestamp&gt;</c>.</summary>
    public static string TrainingName(IQueryCollection query, DateTimeOffset now)
    {
        if (!query.TryGetValue("name", out var given) || given.ToString().Length == 0)
        {
            return $"model_{now.UtcDateTime:yyyyMMdd-HHmmss-fff}";
        }

        var name = given.ToString();
        return NluTrainingService.IsValidName(name)
            ? name
            : throw RequestRejectedException.BadRequest(
                $"Invalid model name '{name}': use 1 to 100 letters, digits, '_', '-' or '.', not starting with '.'.");
    }

    /// <summary>
    /// Pipeline settings for <c>/train</c>: <c>?pipeline=&lt;template&gt;</c> first, then the knobs named in
    /// <see cref="SettingNames"/>. Other parameters are ignored, as Rasa NLU ignores unknown config keys.
    /// </summary>
    public static NluPipelineSettings PipelineSettings(IQueryCollection query)
    {
        var settings = NluPipelineSettings.Default;
        try
        {
            if (query.TryGetValue("pipeline", out var pipeline))
            {
                settings = NluPipelineSettings.FromPipeline(pipeline.ToString(), []);
            }
        }
        catch (RasaFormatException e)
        {
            throw RequestRejectedException.BadRequest($"Invalid query parameter 'pipeline': {e.Message}");
        }

        foreach (var (name, apply) in s_settings)
        {
            if (query.TryGetValue(name, out var value))
            {
                settings = apply(settings, name, value.ToString());
            }
        }

        if (settings.WordMinNgram < 1 || settings.WordMaxNgram < settings.WordMinNgram)
        {
            throw RequestRejectedException.BadRequest(
                $"Invalid word n-gram range {settings.WordMinNgram}..{settings.WordMaxNgram}: need 1 <= word_min_ngram <= word_max_ngram.");
        }

        if (!(settings.CharMinNgram == 0 && settings.CharMaxNgram == 0) &&
            (settings.CharMinNgram < 1 || settings.CharMaxNgram < settings.CharMinNgram))
        {
            throw RequestRejectedException.BadRequest(
                $"Invalid character n-gram range {settings.CharMinNgram}..{settings.CharMaxNgram}: need 1 <= char_min_ngram <= char_max_ngram, or both 0 (off).");
        }

        return settings;
    }

    /// <summary>The query parameters that set pipeline settings (besides <c>pipeline</c>).</summary>
    public static IEnumerable<string> SettingNames => s_settings.Select(s => s.Name);

    /// <summary>
    /// Training data from a <c>/train</c> body: rasa_nlu JSON, Markdown or YAML, by <c>Content-Type</c> when it names
    /// one (<c>application/json</c>, <c>text/markdown</c>, <c>application/x-yaml</c>…), else by the content.
    /// </summary>
    public static NluTrainingData TrainingData(string body, string? contentType)
    {
        var text = body.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            throw RequestRejectedException.BadRequest("The request body is empty; expected NLU training data (rasa_nlu JSON, Markdown or YAML).");
        }

        var format = FormatOfMediaType(contentType) ?? NluTrainingDataReader.FormatOfText(text);
        try
        {
            return NluTrainingDataReader.ReadText(text, format);
        }
        catch (RasaFormatException e)
        {
            throw RequestRejectedException.BadRequest($"Invalid NLU training data ({format.ToString().ToLowerInvariant()}): {e.Message}");
        }
    }

    private static NluDataFormat? FormatOfMediaType(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        return media switch
        {
            _ when media.Contains("markdown", StringComparison.Ordinal) => NluDataFormat.Markdown,
            _ when media.Contains("yaml", StringComparison.Ordinal) || media.Contains("yml", StringComparison.Ordinal) => NluDataFormat.Yaml,
            _ when media.EndsWith("json", StringComparison.Ordinal) => NluDataFormat.Json,
            _ => null,
        };
    }

    private static string StringValue(JsonObject body, string key) =>
        body[key] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw RequestRejectedException.BadRequest($"'{key}' must be a string, got {RequestBody.Describe(body[key])}.");

    private static readonly (string Name, Func<NluPipelineSettings, string, string, NluPipelineSettings> Apply)[] s_settings =
    [
        ("language", (s, _, v) => s with { Language = v }),
        ("min_ngram", (s, n, v) => s with { WordMinNgram = Int(n, v) }),
        ("max_ngram", (s, n, v) => s with { WordMaxNgram = Int(n, v) }),
        ("word_min_ngram", (s, n, v) => s with { WordMinNgram = Int(n, v) }),
        ("word_max_ngram", (s, n, v) => s with { WordMaxNgram = Int(n, v) }),
        ("char_min_ngram", (s, n, v) => s with { CharMinNgram = Int(n, v) }),
        ("char_max_ngram", (s, n, v) => s with { CharMaxNgram = Int(n, v) }),
        ("intent_l1", (s, n, v) => s with { IntentL1 = NonNegative(n, v) }),
        ("intent_l2", (s, n, v) => s with { IntentL2 = NonNegative(n, v) }),
        ("tagger_l1", (s, n, v) => s with { TaggerL1 = NonNegative(n, v) }),
        ("tagger_l2", (s, n, v) => s with { TaggerL2 = NonNegative(n, v) }),
        ("lookup_dropout", (s, n, v) => s with { LookupDropout = Fraction(n, v) }),
        ("intent_ranking_length", (s, n, v) => s with { IntentRankingLength = Math.Max(1, Int(n, v)) }),
        ("random_seed", (s, n, v) => s with { RandomSeed = Int(n, v) }),
        ("use_regex_features", (s, n, v) => s with { UseRegexFeatures = Bool(n, v) }),
        ("use_entity_tagger", (s, n, v) => s with { UseEntityTagger = Bool(n, v) }),
        ("use_synonyms", (s, n, v) => s with { UseSynonyms = Bool(n, v) }),
        ("mask_entities_for_intent", (s, n, v) => s with { MaskEntitiesForIntent = Bool(n, v) }),
        ("tagger_crf", (s, n, v) => s with { TaggerCrf = Bool(n, v) }),
        ("crf_l2", (s, n, v) => s with { CrfL2 = NonNegative(n, v) }),
        ("crf_miss_cost", (s, n, v) => s with { CrfMissCost = NonNegative(n, v) }),
        ("crf_max_iterations", (s, n, v) => s with { CrfMaxIterations = Math.Max(1, Int(n, v)) }),
        ("use_builtin_lexicon", (s, n, v) => s with { UseBuiltinLexicon = Bool(n, v) }),
        ("tagger_word_dropout", (s, n, v) => s with { TaggerWordDropout = Fraction(n, v) }),
        ("tagger_rare_word_dropout", (s, n, v) => s with { TaggerRareWordDropout = NonNegative(n, v) }),
        ("tagger_dropout_copies", (s, n, v) => s with { TaggerDropoutCopies = Bool(n, v) }),
        ("tagger_dropout_keeps_affixes", (s, n, v) => s with { TaggerDropoutKeepsAffixes = Bool(n, v) }),
        ("tagger_identity_scale", (s, n, v) => s with { TaggerIdentityScale = NonNegative(n, v) }),
        ("sentence_encoder", (s, n, v) => s with { SentenceEncoder = Encoder(n, v) }),
        ("tagger_token_vectors", (s, n, v) => s with { TaggerTokenVectors = Bool(n, v) }),
        ("tagger_token_vector_scale", (s, n, v) => s with { TaggerTokenVectorScale = NonNegative(n, v) }),
        ("fallback_threshold", (s, n, v) => s with { FallbackThreshold = (float)Fraction(n, v) }),
        ("fallback_ambiguity_threshold", (s, n, v) => s with { FallbackAmbiguityThreshold = (float)Fraction(n, v) }),
        ("calibrate_confidences", (s, n, v) => s with { CalibrateConfidences = Bool(n, v) }),
        ("intent_classifier", (s, n, v) => s with { IntentClassifier = Family(n, v) }),
        ("intent_naive_bayes", (s, n, v) => s with { IntentNaiveBayes = NonNegative(n, v) }),
        ("intent_one_vs_rest_l2", (s, n, v) => s with { IntentOneVsRestL2 = NonNegative(n, v) }),
        ("intent_vector_fusion", (s, n, v) => s with { IntentVectorFusion = NonNegative(n, v) is > 0 and var w ? w : null }),
    ];

    private static string Family(string name, string value) =>
        IntentClassifiers.Names.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Invalid(name, value, $"one of {string.Join(", ", IntentClassifiers.Names)}");

    private static string? Encoder(string name, string value) =>
        value is "" or "none" ? null
        : SentenceEncoderCatalog.Normalize(value) ?? throw Invalid(name, value, $"one of {string.Join(", ", SentenceEncoderCatalog.Names)} or none");

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw Invalid(name, value, "a whole number >= 0");

    private static float NonNegative(string name, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && float.IsFinite(number)
            ? number
            : throw Invalid(name, value, "a number >= 0");

    private static double Fraction(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 1
            ? number
            : throw Invalid(name, value, "a number from 0 to 1");

    private static bool Bool(string name, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw Invalid(name, value, "true or false"),
    };

    private static RequestRejectedException Invalid(string name, string value, string expected) =>
        RequestRejectedException.BadRequest($"Invalid query parameter '{name}': '{value}' is not {expected}.");
}
