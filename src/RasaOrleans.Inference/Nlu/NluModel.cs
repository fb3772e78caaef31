using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Models;
using RasaOrleans.Core.Nlu;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// A trained NLU model: the intent classifier's and entity tagger's weights, the regex features, lookup tables
/// and synonyms, and the settings it was trained with. Immutable, so one instance can be shared by every
/// thread; each thread parses through its own <see cref="NluParser"/> (<see cref="CreateParser"/>).
/// <para>
/// <see cref="Save"/> writes a folder with <c>nlu_model.json</c> (the manifest: format, settings, intents,
/// entity types, the SHA-256 of every other file and a fingerprint over them) and the component files.
/// </para>
/// </summary>
public sealed class NluModel
{
    public const string ManifestFileName = "nlu_model.json";
    private const string FormatName = "rasa-orleans-nlu";
    private const int FormatVersion = 1;
    private const string DataFile = "nlu_data.json";
    private const string IntentFile = "intent_classifier.bin";
    private const string TaggerFile = "entity_tagger.bin";

    private static readonly JsonSerializerOptions s_settingsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>
    /// Settings added after the first model format, with the behaviour of the builds before them: no built-in
    /// lexicon, the MEMM tagger, no calibration, a tagger trained without word dropout whose own-word features
    /// have the value 1 (which parsing must keep), and the maximum-entropy intent classifier.
    /// </summary>
    private static readonly (string Key, Func<JsonNode> Value)[] s_settingsBeforeTheyExisted =
    [
        ("use_builtin_lexicon", () => false), ("tagger_crf", () => false), ("calibrate_confidences", () => false),
        ("tagger_identity_scale", () => 1), ("tagger_rare_word_dropout", () => 0), ("tagger_dropout_copies", () => false),
        ("tagger_dropout_keeps_affixes", () => false), ("intent_classifier", () => IntentClassifiers.MaxEnt),
        ("intent_naive_bayes", () => 0),
    ];

    private readonly SortedDictionary<string, byte[]> _files;

    internal NluModel(NluPipelineSettings settings, IReadOnlyList<string> intents, IReadOnlyList<string> entityTypes,
        LinearClassifier? intentClassifier, EntityTagger? tagger, IReadOnlyList<RegexFeature> regexFeatures,
        IReadOnlyList<LookupTable> lookupTables, IReadOnlyDictionary<string, string> synonyms, TimeSpan trainingTime)
    {
        Settings = settings;
        Intents = intents;
        EntityTypes = entityTypes;
        IntentClassifier = intentClassifier;
        Tagger = tagger;
        RegexFeatures = regexFeatures;
        LookupTables = lookupTables;
        Synonyms = synonyms;
        TrainingTime = trainingTime;
        Patterns = settings.UseRegexFeatures && (regexFeatures.Count > 0 || lookupTables.Count > 0)
            ? new EntityPatterns(regexFeatures, lookupTables)
            : null;
        DirectPatterns = Patterns is null
            ? []
            : [.. Patterns.Names.Select(name => entityTypes.Contains(name, StringComparer.Ordinal))];
        // the process-wide encoder: loaded here (training or model loading, never a grain turn) at most once per process
        SentenceEncoder = settings.SentenceEncoder is { } encoder ? SentenceEncoderCatalog.Get(encoder) : null;
        _files = SerializeFiles();
        Fingerprint = ComputeFingerprint(_files);
    }

    public NluPipelineSettings Settings { get; }

    /// <summary>Intent names in training order.</summary>
    public IReadOnlyList<string> Intents { get; }

    /// <summary>Entity types seen in the training examples.</summary>
    public IReadOnlyList<string> EntityTypes { get; }

    /// <summary>SHA-256 (hex) over the model's files; equal for models trained from the same data and settings.</summary>
    public string Fingerprint { get; }

    /// <summary>How long training took (zero for a loaded model).</summary>
    public TimeSpan TrainingTime { get; }

    internal LinearClassifier? IntentClassifier { get; }

    /// <summary>The shared sentence encoder the intent classifier was trained with, or null.</summary>
    internal PretrainedSentenceEncoder? SentenceEncoder { get; }

    internal EntityTagger? Tagger { get; }

    internal IReadOnlyList<RegexFeature> RegexFeatures { get; }

    internal IReadOnlyList<LookupTable> LookupTables { get; }

    internal IReadOnlyDictionary<string, string> Synonyms { get; }

    internal EntityPatterns? Patterns { get; }

    /// <summary>For each pattern: whether its name is an entity type, so that a hit is an entity by itself.</summary>
    internal bool[] DirectPatterns { get; }

    /// <summary>A parser for one thread at a time; create one per thread or pool them.</summary>
    public NluParser CreateParser() => new(this);

    /// <summary>Writes the model into <paramref name="directory"/> (created if needed; files of the same names are replaced).</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in _files)
        {
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
        }

        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["format_version"] = FormatVersion,
            ["fingerprint"] = Fingerprint,
            ["language"] = Settings.Language,
            ["intents"] = new JsonArray([.. Intents.Select(i => (JsonNode)i)]),
            ["entity_types"] = new JsonArray([.. EntityTypes.Select(e => (JsonNode)e)]),
            ["components"] = new JsonArray([.. ComponentNames().Select(c => (JsonNode)c)]),
            ["files"] = new JsonObject(_files.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)Sha256(f.Value)))),
            ["settings"] = JsonSerializer.SerializeToNode(Settings, s_settingsJson),
        };
        File.WriteAllText(Path.Combine(directory, ManifestFileName), manifest.ToJsonString(s_settingsJson));
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/>. A missing, damaged or changed file is a
    /// <see cref="RasaFormatException"/> naming it.
    /// </summary>
    public static NluModel Load(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            throw new RasaFormatException($"no NLU model here: {ManifestFileName} is missing", directory);
        }

        var manifest = StrictJson.Parse(File.ReadAllText(manifestPath), manifestPath) as JsonObject
            ?? throw new RasaFormatException("the manifest is not a JSON object", manifestPath);

        if (!(manifest["format"] is JsonValue format && format.TryGetValue<string>(out var formatName) && formatName == FormatName
              && manifest["format_version"] is JsonValue version && version.TryGetValue<int>(out var formatVersion) && formatVersion == FormatVersion))
        {
            throw new RasaFormatException($"not an NLU model of format {FormatName} version {FormatVersion}", manifestPath);
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, hash) in manifest["files"] as JsonObject ?? [])
        {
            var path = ModelFile.PathIn(directory, name, manifestPath);
            var bytes = ModelFile.Read(directory, name, manifestPath)
                ?? throw new RasaFormatException("model file listed in the manifest is missing", path);
            if (!(hash is JsonValue value && value.TryGetValue<string>(out var sha) && Sha256(bytes) == sha))
            {
                throw new RasaFormatException("model file does not match the SHA-256 in the manifest (damaged or changed)", path);
            }

            files[name] = bytes;
        }

        if (!files.TryGetValue(DataFile, out var dataBytes))
        {
            throw new RasaFormatException($"the manifest does not list {DataFile}", manifestPath);
        }

        var dataPath = Path.Combine(directory, DataFile);
        var data = StrictJson.Parse(Encoding.UTF8.GetString(dataBytes), dataPath) as JsonObject ?? throw new RasaFormatException("not a JSON object", dataPath);
        if (data["settings"] is not JsonObject storedSettings)
        {
            throw new RasaFormatException("settings are missing", dataPath);
        }

        // a setting that older builds did not write takes the value those builds behaved with
        foreach (var (key, value) in s_settingsBeforeTheyExisted)
        {
            storedSettings.TryAdd(key, value());
        }

        var settings = storedSettings.Deserialize<NluPipelineSettings>(s_settingsJson)
            ?? throw new RasaFormatException("settings are missing", dataPath);

        if (files.ContainsKey(TaggerFile) && settings.LexiconApplies &&
            (string?)data["builtin_lexicon"] is var lexicon && lexicon != BuiltinLexicon.English.Version)
        {
            throw new RasaFormatException(
                $"the entity tagger was trained with built-in lexicon '{lexicon}', this build has '{BuiltinLexicon.English.Version}'; " +
                "train the model again with this build", dataPath);
        }
        var intents = Strings(data["intents"]);
        var entityTypes = Strings(data["entity_types"]);
        var regexes = (data["regex_features"] as JsonArray ?? [])
            .Select(r => new RegexFeature((string)r!["name"]!, (string)r["pattern"]!)).ToList();
        var lookups = (data["lookup_tables"] as JsonArray ?? [])
            .Select(l => new LookupTable((string)l!["name"]!, Strings(l["elements"]))).ToList();
        var synonyms = (data["entity_synonyms"] as JsonObject ?? [])
            .ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);
        var intentClassifier = files.TryGetValue(IntentFile, out var intentBytes)
            ? LinearClassifier.FromBytes(intentBytes, Path.Combine(directory, IntentFile))
            : null;
        var gazetteer = (data["gazetteer"] as JsonArray ?? [])
            .Select(l => new LookupTable((string)l!["name"]!, Strings(l["elements"]))).ToList();
        var tagger = files.TryGetValue(TaggerFile, out var taggerBytes)
            ? new EntityTagger(LinearClassifier.FromBytes(taggerBytes, Path.Combine(directory, TaggerFile)), entityTypes, gazetteer,
                settings.TaggerCrf)
            : null;
        return new NluModel(settings, intents, entityTypes, intentClassifier, tagger, regexes, lookups, synonyms, TimeSpan.Zero);
    }

    private IEnumerable<string> ComponentNames()
    {
        yield return "tokenizer_whitespace";
        if (IntentClassifier is not null)
        {
            yield return "intent_featurizer_count_vectors";
            if (SentenceEncoder is not null)
            {
                yield return "LanguageModelFeaturizer";
            }

            yield return "intent_classifier_sklearn";
        }

        if (Settings.FallbackThreshold is not null)
        {
            yield return "FallbackClassifier";
        }

        if (Patterns is not null)
        {
            yield return "intent_entity_featurizer_regex";
        }

        if (Tagger is not null)
        {
            yield return "ner_crf";
        }

        if (Settings.UseSynonyms)
        {
            yield return "ner_synonyms";
        }
    }

    private SortedDictionary<string, byte[]> SerializeFiles()
    {
        var data = new JsonObject
        {
            ["settings"] = JsonSerializer.SerializeToNode(Settings, s_settingsJson),
            ["intents"] = new JsonArray([.. Intents.Select(i => (JsonNode)i)]),
            ["entity_types"] = new JsonArray([.. EntityTypes.Select(e => (JsonNode)e)]),
            ["regex_features"] = new JsonArray([.. RegexFeatures.Select(r =>
                (JsonNode)new JsonObject { ["name"] = r.Name, ["pattern"] = r.Pattern })]),
            ["lookup_tables"] = new JsonArray([.. LookupTables.Select(l =>
                (JsonNode)new JsonObject { ["name"] = l.Name, ["elements"] = new JsonArray([.. l.Elements.Select(e => (JsonNode)e)]) })]),
            ["entity_synonyms"] = new JsonObject(Synonyms.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        if (Tagger is not null && Settings.LexiconApplies)
        {
            // which built-in lexicon the tagger's lexicon features were learned with
            data["builtin_lexicon"] = BuiltinLexicon.English.Version;
        }

        if (Tagger is { GazetteerTables.Count: > 0 })
        {
            // the tagger's known entity values (its gazetteer features)
            data["gazetteer"] = new JsonArray([.. Tagger.GazetteerTables.Select(l =>
                (JsonNode)new JsonObject { ["name"] = l.Name, ["elements"] = new JsonArray([.. l.Elements.Select(e => (JsonNode)e)]) })]);
        }

        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [DataFile] = Encoding.UTF8.GetBytes(data.ToJsonString(s_settingsJson)),
        };
        if (IntentClassifier is not null)
        {
            files[IntentFile] = IntentClassifier.ToBytes();
        }

        if (Tagger is not null)
        {
            files[TaggerFile] = Tagger.Classifier.ToBytes();
        }

        return files;
    }

    private static string ComputeFingerprint(SortedDictionary<string, byte[]> files)
    {
        var text = new StringBuilder();
        foreach (var (name, bytes) in files)
        {
            text.Append(name).Append(' ').Append(Sha256(bytes)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string[] Strings(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(n => (string?)n ?? "")];
}
