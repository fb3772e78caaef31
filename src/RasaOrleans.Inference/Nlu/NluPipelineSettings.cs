using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RasaOrleans.Core;
using RasaOrleans.Core.Policies;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// The settings of the NLU pipeline, read from a config's <c>pipeline:</c>. Rasa's component and template names
/// map onto this implementation's four parts: n-gram featurizer, intent classifier, entity tagger (with regex
/// and lookup features) and synonym mapper. Every setting has a default that works without a config.
/// </summary>
public sealed record NluPipelineSettings
{
    /// <summary>The pipeline used when a config gives none, or names a template.</summary>
    public static NluPipelineSettings Default { get; } = new();

    /// <summary>
    /// The sentence-embedding pipeline (template <c>pretrained_embeddings</c>): the default pipeline plus a pretrained
    /// sentence encoder's vector as intent features, its token vectors as tagger features (with the tagger's own-word
    /// features at <see cref="TokenVectorIdentityScale"/>), and the fallback classifier.
    /// </summary>
    public static NluPipelineSettings PretrainedEmbeddings { get; } = new()
    {
        SentenceEncoder = SentenceEncoderCatalog.MiniLm,
        TaggerTokenVectors = true,
        TaggerIdentityScale = TokenVectorIdentityScale,
        IntentVectorFusion = DefaultIntentVectorFusion,
        FallbackThreshold = 0.3f,
        FallbackAmbiguityThreshold = 0.1f,
    };

    /// <summary>The template that selects <see cref="PretrainedEmbeddings"/>.</summary>
    public const string PretrainedEmbeddingsTemplate = "pretrained_embeddings";

    /// <summary>
    /// Template names: those of rasa_nlu 0.x and Rasa 1.x mean <see cref="Default"/>; <c>pretrained_embeddings</c>
    /// means <see cref="PretrainedEmbeddings"/>.
    /// </summary>
    public static IReadOnlyList<string> KnownTemplates { get; } =
    [
        "spacy_sklearn", "tensorflow_embedding", "supervised_embeddings", "pretrained_embeddings_spacy", "keyword",
        "mitie", "mitie_sklearn", PretrainedEmbeddingsTemplate,
    ];

    /// <summary>Component names accepted in a <c>pipeline:</c> list (a class path matches by its last segment).</summary>
    public static IReadOnlyList<string> KnownComponents => [.. s_components.Keys.Order(StringComparer.Ordinal)];

    private static readonly Dictionary<string, Role> s_components = new(StringComparer.Ordinal)
    {
        ["nlp_spacy"] = Role.None, ["SpacyNLP"] = Role.None, ["nlp_mitie"] = Role.None, ["MitieNLP"] = Role.None,
        ["tokenizer_whitespace"] = Role.None, ["WhitespaceTokenizer"] = Role.None,
        ["tokenizer_spacy"] = Role.None, ["SpacyTokenizer"] = Role.None,
        ["tokenizer_mitie"] = Role.None, ["MitieTokenizer"] = Role.None,
        ["intent_featurizer_count_vectors"] = Role.CountVectors, ["CountVectorsFeaturizer"] = Role.CountVectors,
        ["intent_featurizer_spacy"] = Role.None, ["SpacyFeaturizer"] = Role.None,
        ["intent_featurizer_mitie"] = Role.None, ["MitieFeaturizer"] = Role.None,
        ["intent_featurizer_ngrams"] = Role.None, ["NGramFeaturizer"] = Role.None,
        ["intent_entity_featurizer_regex"] = Role.Regex, ["RegexFeaturizer"] = Role.Regex,
        ["LexicalSyntacticFeaturizer"] = Role.None,
        ["intent_classifier_sklearn"] = Role.Classifier, ["SklearnIntentClassifier"] = Role.Classifier,
        ["intent_classifier_tensorflow_embedding"] = Role.Classifier, ["EmbeddingIntentClassifier"] = Role.Classifier,
        ["intent_classifier_mitie"] = Role.Classifier, ["MitieIntentClassifier"] = Role.Classifier,
        ["intent_classifier_keyword"] = Role.Classifier, ["KeywordIntentClassifier"] = Role.Classifier,
        ["DIETClassifier"] = Role.Classifier | Role.Tagger,
        ["ner_crf"] = Role.Tagger, ["CRFEntityExtractor"] = Role.Tagger,
        ["ner_mitie"] = Role.Tagger, ["MitieEntityExtractor"] = Role.Tagger,
        ["ner_synonyms"] = Role.Synonyms, ["EntitySynonymMapper"] = Role.Synonyms,
        ["LanguageModelFeaturizer"] = Role.SentenceEncoder, ["SentenceEmbeddingFeaturizer"] = Role.SentenceEncoder,
        ["FallbackClassifier"] = Role.Fallback,
    };

    /// <summary>Language code from the config; only recorded (tokenization is language-neutral).</summary>
    public string Language { get; init; } = "en";

    /// <summary>Word n-gram lengths for the intent features (CountVectorsFeaturizer <c>analyzer: word</c>).</summary>
    public int WordMinNgram { get; init; } = 1;

    public int WordMaxNgram { get; init; } = 1;

    /// <summary>Character n-gram lengths inside word boundaries (<c>analyzer: char_wb</c>); 0 turns them off.</summary>
    public int CharMinNgram { get; init; } = 2;

    public int CharMaxNgram { get; init; } = 5;

    /// <summary>Regex features and lookup tables as features (RegexFeaturizer) and as entity matches.</summary>
    public bool UseRegexFeatures { get; init; } = true;

    /// <summary>
    /// Whether the intent classifier sees entity types instead of entity values (see the featurizer). Off by
    /// default, as in Rasa: on a larger bot the intent then depends on the tagger's mistakes (measured in
    /// docs/benchmarks.md).
    /// </summary>
    public bool MaskEntitiesForIntent { get; init; }

    public float IntentL1 { get; init; }

    public float IntentL2 { get; init; } = 0.01f;

    /// <summary>Whether to train the per-token entity tagger (ner_crf / CRFEntityExtractor).</summary>
    public bool UseEntityTagger { get; init; } = true;

    public float TaggerL1 { get; init; }

    public float TaggerL2 { get; init; } = 0.01f;

    /// <summary>Share of lookup-table hits hidden from the tagger in training, so it also learns from context.</summary>
    public double LookupDropout { get; init; } = 0.5;

    /// <summary>
    /// Whether the tagger conditions each tag on the previous one (a maximum-entropy Markov model decoded with
    /// Viterbi) rather than tagging tokens independently.
    /// </summary>
    public bool TaggerTransitions { get; init; } = true;

    /// <summary>
    /// Whether the tagger is a linear-chain conditional random field trained on whole sequences (true) or a
    /// maximum-entropy Markov model trained token by token (false; needs <see cref="TaggerTransitions"/> for tag context).
    /// </summary>
    public bool TaggerCrf { get; init; } = true;

    /// <summary>L2 penalty of the CRF tagger's weights (over the summed log-likelihood of the examples).</summary>
    public float CrfL2 { get; init; } = 0.01f;

    /// <summary>
    /// Most L-BFGS iterations of the CRF (Rasa's CRFEntityExtractor <c>max_iterations</c>); small data converge in
    /// 30–70, large bots stop here, which bounds training time.
    /// </summary>
    public int CrfMaxIterations { get; init; } = 100;

    /// <summary>The CRF's softmax-margin cost for missing an entity token in training (above 0 favours recall).</summary>
    public float CrfMissCost { get; init; } = 4f;

    /// <summary>Whether the tagger sees hits of the entity values from the training data (a gazetteer) as features.</summary>
    public bool TaggerGazetteer { get; init; }

    /// <summary>Share of gazetteer hits hidden in training, so that the tagger does not rely on seen values only.</summary>
    public double GazetteerDropout { get; init; } = 0.5;

    /// <summary>Longest prefix and suffix the tagger uses as features (3 or 4; 4 also adds 1-character ones).</summary>
    public int TaggerAffixLength { get; init; } = 4;

    /// <summary>Whether the intent features are weighted by inverse document frequency (tf-idf) in training.</summary>
    public bool IntentIdf { get; init; }

    /// <summary>Share of entity tokens whose own word is hidden from the tagger in training (it then learns from context).</summary>
    public double TaggerWordDropout { get; init; }

    /// <summary>
    /// Word dropout by rarity (α): in training, each word is hidden from the tagger with probability α / (α + n), n
    /// the number of training sentences it occurs in, whether it is inside an entity or not; so rare words (often
    /// values) are also seen without their identity, as new words are at parse time, and "no known word" does not
    /// by itself mean "entity". 0 (the default) turns it off; 2 with <see cref="TaggerIdentityScale"/> 0.85 is what
    /// cross-validation on training portions chose for values never seen in training (docs/benchmarks.md: it helped
    /// Snips and not Braun on the test sets, so it is not the default).
    /// </summary>
    public double TaggerRareWordDropout { get; init; }

    /// <summary>
    /// Whether word dropout trains on a copy of each sentence with the words hidden, next to the sentence itself
    /// (true), rather than hiding them in the sentence (false), so that known values keep their word features.
    /// Doubles the tagger's training sequences.
    /// </summary>
    public bool TaggerDropoutCopies { get; init; } = true;

    /// <summary>Whether a word hidden by dropout keeps its prefixes and suffixes (a new word shares them with known ones).</summary>
    public bool TaggerDropoutKeepsAffixes { get; init; } = true;

    /// <summary>
    /// Value of the tagger's own-word features (word, affixes, the pairs it is in); below 1 they are weaker inputs
    /// under the same L2 penalty, so the tagger leans on context, shape and the lexicon more. Default 1.
    /// </summary>
    public float TaggerIdentityScale { get; init; } = 1f;

    /// <summary>Training weight of tokens inside entities relative to <c>O</c> tokens (above 1 favours recall).</summary>
    public float TaggerEntityWeight { get; init; } = 2f;

    /// <summary>
    /// The intent classifier's model family: <c>maxent</c> (multinomial logistic regression, ML.NET's L-BFGS maximum
    /// entropy), or a one-vs-rest linear scorer per intent fitted with <c>squared</c> loss (a regularized linear
    /// perceptron, as NLP.js trains its network), <c>hinge</c> (squared hinge: a linear SVM) or <c>logistic</c> loss.
    /// Every family ends as the same linear scores at parse time, so parsing costs the same. Null (the default) lets
    /// the pipeline choose what cross-validation on training portions chose: <c>hinge</c> with
    /// <see cref="IntentNaiveBayes"/> (NB-SVM) on n-grams, also as the n-gram half of a late fusion with a sentence
    /// encoder's vector (<see cref="IntentVectorFusion"/>); <c>maxent</c> for one model over n-grams and vector together
    /// (the naive-Bayes-scaled n-grams would outweigh the vector). A trained model stores the family it used; models
    /// saved before the setting existed are <c>maxent</c>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IntentClassifier { get; init; }

    /// <summary>The family training uses: <see cref="IntentClassifier"/>, or the pipeline's choice when that is null.</summary>
    [JsonIgnore]
    public string ResolvedIntentClassifier =>
        IntentClassifier ?? (SentenceEncoder is null || IntentVectorFusion is not null ? IntentClassifiers.Hinge : IntentClassifiers.MaxEnt);

    /// <summary>
    /// With a sentence encoder: when set, the intent classifier is two models fused late, the n-gram model
    /// (<see cref="ResolvedIntentClassifier"/>: NB-SVM unless set) and a maximum-entropy model of the sentence vector
    /// alone, each fitted on its own features and calibrated on held-out folds of the training data; the intent's
    /// log-probability is the weighted mean of theirs, the vector model's weighing this much against the n-gram
    /// model's 1 (a logarithmic opinion pool). The result is again one linear classifier, so parsing costs the same.
    /// Null: one model over the n-grams and the vector together, as models trained before the setting existed (or 0
    /// in a config or on <c>/train</c>). The <c>pretrained_embeddings</c> template and pipelines
    /// with a <c>LanguageModelFeaturizer</c> use <see cref="DefaultIntentVectorFusion"/> (chosen by cross-validation on
    /// the training portions, docs/benchmarks.md).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? IntentVectorFusion { get; init; }

    /// <summary>The late-fusion weight of the pipelines with a sentence encoder (<see cref="IntentVectorFusion"/>).</summary>
    public const float DefaultIntentVectorFusion = 1f;

    /// <summary>L2 penalty of the one-vs-rest intent scorers (per weight, against the summed loss of the examples).</summary>
    public float IntentOneVsRestL2 { get; init; } = 0.1f;

    /// <summary>
    /// With a one-vs-rest family: when set, the intent scores are the maximum-entropy model's plus this weight times the
    /// one-vs-rest scorers' (a product of the two models' experts, folded into one set of weights); null uses the
    /// one-vs-rest scorers alone.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? IntentEnsembleWeight { get; init; }

    /// <summary>
    /// Above 0: the one-vs-rest scorers see each feature scaled by its naive-Bayes log-count ratio for the intent
    /// (NB-SVM), with this add-α smoothing (default 1); 0 leaves the features as they are.
    /// </summary>
    public float IntentNaiveBayes { get; init; } = 1f;

    /// <summary>Whether intent examples are weighted so that every intent counts the same in training.</summary>
    public bool BalanceIntentClasses { get; init; } = true;

    /// <summary>Relative improvement at which L-BFGS stops; larger trains faster, smaller fits closer.</summary>
    public float TrainingTolerance { get; init; } = 1e-4f;

    /// <summary>
    /// Whether the entity tagger gets the built-in English lexicon's features (place names, time expressions,
    /// number and time words; see <c>BuiltinLexicon</c>). Only for English (<see cref="Language"/> <c>en…</c>).
    /// </summary>
    public bool UseBuiltinLexicon { get; init; } = true;

    /// <summary>Whether the tagger actually uses the built-in lexicon: switched on and an English model.</summary>
    internal bool LexiconApplies => UseBuiltinLexicon && Language.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether extracted values are mapped through the synonyms (ner_synonyms / EntitySynonymMapper).</summary>
    public bool UseSynonyms { get; init; } = true;

    /// <summary>
    /// The pretrained sentence encoder whose vector the intent classifier sees next to the n-grams
    /// (<see cref="SentenceEncoderCatalog"/>: <c>minilm</c>, <c>arctic_xs</c>), or null for none (the default).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SentenceEncoder { get; init; }

    /// <summary>
    /// Whether the entity tagger also sees, for every token, the sentence encoder's contextual vector of that token
    /// (the mean last hidden state of its word pieces, scaled to length <see cref="TaggerTokenVectorScale"/>), as
    /// Rasa's LanguageModelFeaturizer feeds DIET: a value never seen in training still gets a vector shaped by its
    /// context and by what the encoder learned about the word. Needs <see cref="SentenceEncoder"/>; parsing then runs
    /// the encoder once for both the intent and the tagger. Off by default (the default pipeline has no encoder).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TaggerTokenVectors { get; init; }

    /// <summary>Length of each token vector fed to the tagger (null: <see cref="DefaultTokenVectorScale"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? TaggerTokenVectorScale { get; init; }

    /// <summary>
    /// The token vectors' length when <see cref="TaggerTokenVectorScale"/> is not set (chosen by cross-validation on
    /// the training portions, docs/benchmarks.md).
    /// </summary>
    public const float DefaultTokenVectorScale = 3f;

    /// <summary>
    /// <see cref="TaggerIdentityScale"/> of the pipelines that switch token vectors on (the template, DIET or a CRF
    /// extractor with <c>text_dense_features</c>, unless the config sets <c>identity_scale</c>): the tagger leans
    /// on the vectors more than on the word itself, which is what finds values never seen in training.
    /// </summary>
    public const float TokenVectorIdentityScale = 0.5f;

    /// <summary>Scale of the sentence vector (unit length) against the n-gram blocks (each unit length); null means 1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? SentenceFeatureWeight { get; init; }

    /// <summary>
    /// Rasa's FallbackClassifier <c>threshold</c>: below this top confidence the parse answers <c>nlu_fallback</c>.
    /// Null (the default) turns the fallback classifier off.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? FallbackThreshold { get; init; }

    /// <summary>
    /// FallbackClassifier <c>ambiguity_threshold</c>: when the top two intents' confidences are closer than this,
    /// the parse answers <c>nlu_fallback</c> (null: Rasa's 0.1 when the fallback is on).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? FallbackAmbiguityThreshold { get; init; }

    /// <summary>
    /// Whether training fits a temperature for the intent confidences on held-out folds of the training data
    /// (temperature scaling), so that a confidence of 0.7 is right about 70% of the time whatever the bot's size;
    /// the temperature is folded into the saved weights, so parsing costs nothing more.
    /// </summary>
    public bool CalibrateConfidences { get; init; } = true;

    /// <summary>Length of <c>intent_ranking</c> in parse results (Rasa: 10).</summary>
    public int IntentRankingLength { get; init; } = 10;

    /// <summary>Seed of every random choice in training; same data and settings give the same model.</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>Settings from a config's <c>language</c> and <c>pipeline</c>; no config means <see cref="Default"/>.</summary>
    public static NluPipelineSettings FromConfiguration(PolicyConfiguration? configuration)
    {
        if (configuration is null)
        {
            return Default;
        }

        var settings = FromPipeline(configuration.PipelineTemplate, configuration.Pipeline);
        return configuration.Language is { } language ? settings with { Language = language } : settings;
    }

    /// <summary>Settings from a pipeline template name or component list (both empty: <see cref="Default"/>).</summary>
    public static NluPipelineSettings FromPipeline(string? template, IReadOnlyList<PipelineComponent> components)
    {
        if (template is not null)
        {
            return template == PretrainedEmbeddingsTemplate ? PretrainedEmbeddings
                : KnownTemplates.Contains(template) ? Default
                : throw new RasaFormatException(
                    $"unknown NLU pipeline template '{template}'; known templates: {string.Join(", ", KnownTemplates)}");
        }

        if (components.Count == 0)
        {
            return Default;
        }

        var settings = Default with
        {
            UseRegexFeatures = false,
            UseEntityTagger = false,
            UseSynonyms = false,
        };
        var countVectorsSeen = false;
        var dietTagger = false;
        var identityScaleSet = false;
        var fusionSet = false;
        foreach (var component in components)
        {
            var name = component.Name[(component.Name.LastIndexOf('.') + 1)..];
            if (!s_components.TryGetValue(name, out var role))
            {
                throw new RasaFormatException(
                    $"unknown NLU pipeline component '{component.Name}'; known components: {string.Join(", ", KnownComponents)}");
            }

            if (role.HasFlag(Role.CountVectors))
            {
                settings = ApplyCountVectors(settings, component, first: !countVectorsSeen);
                countVectorsSeen = true;
            }

            if (role.HasFlag(Role.Regex))
            {
                settings = settings with { UseRegexFeatures = true };
            }

            if (role.HasFlag(Role.Classifier))
            {
                settings = settings with
                {
                    IntentL1 = Number(component, "l1_regularization", settings.IntentL1),
                    IntentL2 = Number(component, "l2_regularization", settings.IntentL2),
                    RandomSeed = (int)Number(component, "random_seed", settings.RandomSeed),
                    // this implementation's model family and its settings (not Rasa keys)
                    IntentClassifier = Family(component, settings.IntentClassifier),
                    IntentNaiveBayes = Math.Max(0, Number(component, "naive_bayes", settings.IntentNaiveBayes)),
                    IntentOneVsRestL2 = Math.Max(0, Number(component, "one_vs_rest_l2", settings.IntentOneVsRestL2)),
                };
                if (component.Settings.ContainsKey("vector_fusion"))
                {
                    // 0: one model over n-grams and the sentence vector together
                    var fusion = Number(component, "vector_fusion", DefaultIntentVectorFusion);
                    settings = settings with { IntentVectorFusion = fusion > 0 ? fusion : null };
                    fusionSet = true;
                }

                if (name == "DIETClassifier" && component.Settings.GetValueOrDefault("entity_recognition") is JsonValue v &&
                    v.GetValueKind() == JsonValueKind.False)
                {
                    role &= ~Role.Tagger;
                }
            }

            if (role.HasFlag(Role.Tagger))
            {
                dietTagger |= name == "DIETClassifier";
                settings = settings with
                {
                    UseEntityTagger = true,
                    TaggerL1 = Number(component, "L1_c", settings.TaggerL1),
                    TaggerL2 = Number(component, "L2_c", settings.TaggerL2),
                    CrfL2 = Number(component, "L2_c", settings.CrfL2), // crfsuite's c2, as Rasa's CRFEntityExtractor
                    CrfMaxIterations = Math.Max(1, (int)Number(component, "max_iterations", settings.CrfMaxIterations)),
                    // this implementation's word dropout for values never seen in training (not Rasa keys)
                    TaggerRareWordDropout = Math.Max(0, Number(component, "rare_word_dropout", (float)settings.TaggerRareWordDropout)),
                    TaggerIdentityScale = Math.Max(0, Number(component, "identity_scale", settings.TaggerIdentityScale)),
                    // Rasa's CRFEntityExtractor takes the dense featurizers' token features when its features name them
                    TaggerTokenVectors = settings.TaggerTokenVectors || Names(component.Settings.GetValueOrDefault("features"), "text_dense_features"),
                };
                identityScaleSet |= component.Settings.ContainsKey("identity_scale");
            }

            if (role.HasFlag(Role.Synonyms))
            {
                settings = settings with { UseSynonyms = true };
            }

            if (role.HasFlag(Role.SentenceEncoder))
            {
                var model = component.Settings.GetValueOrDefault("model_name") is JsonValue m && m.GetValueKind() == JsonValueKind.String
                    ? m.GetValue<string>()
                    : SentenceEncoderCatalog.MiniLm;
                settings = settings with
                {
                    SentenceEncoder = SentenceEncoderCatalog.Normalize(model) ?? throw new RasaFormatException(
                        $"{component.Name}: unknown model_name '{model}'; this build ships: {string.Join(", ", SentenceEncoderCatalog.Names)}"),
                };
            }

            if (role.HasFlag(Role.Fallback))
            {
                var threshold = Number(component, "threshold", 0.3f);
                var ambiguity = Number(component, "ambiguity_threshold", 0.1f);
                if (threshold is < 0 or > 1 || ambiguity is < 0 or > 1)
                {
                    throw new RasaFormatException($"{component.Name}: threshold and ambiguity_threshold must be between 0 and 1");
                }

                settings = settings with { FallbackThreshold = threshold, FallbackAmbiguityThreshold = ambiguity };
            }
        }

        // with a sentence encoder, the intent models fused late, as cross-validation chose (unless the classifier says)
        if (settings.SentenceEncoder is not null && !fusionSet)
        {
            settings = settings with { IntentVectorFusion = DefaultIntentVectorFusion };
        }

        // DIET takes a language model featurizer's token features for its entities, as Rasa's does
        if (dietTagger && settings.SentenceEncoder is not null)
        {
            settings = settings with { TaggerTokenVectors = true };
        }

        return settings.TaggerTokenVectors && !identityScaleSet ? settings with { TaggerIdentityScale = TokenVectorIdentityScale } : settings;
    }

    /// <summary>
    /// A CountVectorsFeaturizer sets the word or character n-gram range by its <c>analyzer</c>. Rasa configs often
    /// list two (one per analyzer); a pipeline with only a word analyzer keeps no character n-grams.
    /// </summary>
    private static NluPipelineSettings ApplyCountVectors(NluPipelineSettings settings, PipelineComponent component, bool first)
    {
        var analyzer = component.Settings.GetValueOrDefault("analyzer") is JsonValue a && a.GetValueKind() == JsonValueKind.String
            ? a.GetValue<string>()
            : "word";
        var min = (int)Number(component, "min_ngram", 1);
        var max = (int)Number(component, "max_ngram", analyzer == "word" ? 1 : 4);
        if (min < 1 || max < min)
        {
            throw new RasaFormatException(
                $"{component.Name}: min_ngram ({min}) and max_ngram ({max}) must satisfy 1 <= min_ngram <= max_ngram");
        }

        if (first)
        {
            settings = settings with { CharMinNgram = 0, CharMaxNgram = 0 };
        }

        return analyzer switch
        {
            "word" => settings with { WordMinNgram = min, WordMaxNgram = max },
            "char" or "char_wb" => settings with { CharMinNgram = min, CharMaxNgram = max },
            _ => throw new RasaFormatException(
                $"{component.Name}: unknown analyzer '{analyzer}'; use word, char or char_wb"),
        };
    }

    /// <summary>Whether <paramref name="node"/> is, or is a (nested) list holding, the string <paramref name="name"/>.</summary>
    private static bool Names(JsonNode? node, string name) => node switch
    {
        JsonArray list => list.Any(item => Names(item, name)),
        JsonValue value => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == name,
        _ => false,
    };

    private static string? Family(PipelineComponent component, string? fallback)
    {
        if (!component.Settings.TryGetValue("family", out var node) || node is null)
        {
            return fallback;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String &&
               IntentClassifiers.Names.Contains(value.GetValue<string>(), StringComparer.Ordinal)
            ? value.GetValue<string>()
            : throw new RasaFormatException(
                $"{component.Name}: 'family' must be one of {string.Join(", ", IntentClassifiers.Names)}, found {node.ToJsonString()}");
    }

    private static float Number(PipelineComponent component, string key, float fallback)
    {
        if (!component.Settings.TryGetValue(key, out var node) || node is null)
        {
            return fallback;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            return (float)double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
        }

        throw new RasaFormatException($"{component.Name}: '{key}' must be a number, found {node.ToJsonString()}");
    }

    [Flags]
    private enum Role
    {
        None = 0,
        CountVectors = 1,
        Regex = 2,
        Classifier = 4,
        Tagger = 8,
        Synonyms = 16,
        SentenceEncoder = 32,
        Fallback = 64,
    }
}
