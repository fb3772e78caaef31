using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Slots;
using RasaOrleans.Core.Yaml;

namespace RasaOrleans.Core.Domain;

/// <summary>
/// A Rasa domain (spec §9): intents, entities, slots, utter templates and actions, with the derived action indices
/// (§9.2) and dialogue-state feature names (§9.5). Read from the 0.7–0.10 YAML forms, the persisted model form
/// (<c>action_names</c>, class-path slot types) and later Rasa's form (<c>responses:</c>, intent properties);
/// written back as the persisted <c>domain.yml</c> and as the <c>GET /domain</c> JSON (§4.11). Immutable.
/// </summary>
public sealed class DomainSpec
{
    public const string ActionListen = "action_listen";
    public const string ActionRestart = "action_restart";
    public const string ActionDefaultFallback = "action_default_fallback";
    public const string DefaultRestartIntent = "restart";

    /// <summary>The intent an NLU fallback classifier answers when it is unsure (Rasa 2+'s FallbackClassifier).</summary>
    public const string NluFallbackIntent = "nlu_fallback";

    /// <summary>The built-in actions that precede the domain's own, in index order.</summary>
    public static IReadOnlyList<string> DefaultActionNames { get; } = [ActionListen, ActionRestart, ActionDefaultFallback];

    private readonly Dictionary<string, IntentSpec> _intentsByName;
    private readonly Dictionary<string, int> _actionIndex;
    private readonly Dictionary<string, Slot> _slotsByName;
    private readonly Lazy<string> _fingerprint;

    internal DomainSpec(
        IReadOnlyList<IntentSpec> intents,
        IReadOnlyList<string> entities,
        IReadOnlyList<Slot> slots,
        OrderedDictionary<string, IReadOnlyList<TemplateVariation>> templates,
        IReadOnlyList<string> actionEntries,
        IReadOnlyList<string> domainActionNames,
        string? actionFactory,
        IReadOnlyList<string> topics,
        bool storeEntitiesAsSlots,
        string restartIntent)
    {
        IntentSpecs = intents;
        Intents = intents.Select(i => i.Name).ToArray();
        _intentsByName = intents.ToDictionary(i => i.Name, StringComparer.Ordinal);
        Entities = entities;
        Slots = slots;
        SlotsByName = slots.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        _slotsByName = slots.ToDictionary(s => s.Name, StringComparer.Ordinal);
        Templates = new System.Collections.ObjectModel.ReadOnlyDictionary<string, IReadOnlyList<TemplateVariation>>(templates);
        ActionEntries = actionEntries;
        DomainActionNames = domainActionNames;
        ActionNames = [.. DefaultActionNames, .. domainActionNames];
        _actionIndex = ActionNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        ActionFactory = actionFactory;
        Topics = topics;
        StoreEntitiesAsSlots = storeEntitiesAsSlots;
        RestartIntent = restartIntent;
        StateFeatureNames = BuildStateFeatureNames();
        _fingerprint = new Lazy<string>(ComputeFingerprint);
    }

    /// <summary>Intent names in file order.</summary>
    public IReadOnlyList<string> Intents { get; }

    /// <summary>Intents with their entity-use properties, in file order.</summary>
    public IReadOnlyList<IntentSpec> IntentSpecs { get; }

    /// <summary>Entity names in file order.</summary>
    public IReadOnlyList<string> Entities { get; }

    /// <summary>Slots in file order.</summary>
    public IReadOnlyList<Slot> Slots { get; }

    /// <summary>Slots ordered by name (ordinal), the order of their state features.</summary>
    public IReadOnlyList<Slot> SlotsByName { get; }

    /// <summary>Utter templates in file order: name → variations.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TemplateVariation>> Templates { get; }

    /// <summary>The domain's <c>actions</c> entries as written (class paths stay class paths).</summary>
    public IReadOnlyList<string> ActionEntries { get; }

    /// <summary>The names of the domain's own actions, parallel to <see cref="ActionEntries"/>.</summary>
    public IReadOnlyList<string> DomainActionNames { get; }

    /// <summary>All action names in index order: the built-in actions, then the domain's (§9.2).</summary>
    public IReadOnlyList<string> ActionNames { get; }

    /// <summary><c>local</c>, <c>remote</c>, or null when the domain does not say (local).</summary>
    public string? ActionFactory { get; }

    public IReadOnlyList<string> Topics { get; }

    /// <summary><c>config: store_entities_as_slots</c> (default true).</summary>
    public bool StoreEntitiesAsSlots { get; }

    /// <summary><c>config: restart_intent</c> (default <c>restart</c>).</summary>
    public string RestartIntent { get; }

    /// <summary>Dialogue-state feature names in order (§9.5): intents, entities, slot features, previous actions.</summary>
    public IReadOnlyList<string> StateFeatureNames { get; }

    /// <summary>Hex SHA-256 of the domain's canonical persisted form; equal domains have equal fingerprints.</summary>
    public string Fingerprint => _fingerprint.Value;

    /// <summary>Reads a domain from YAML text; <paramref name="file"/> only names the source in errors.</summary>
    public static DomainSpec Parse(string yaml, string? file = null) => DomainReader.Read(yaml, file);

    /// <summary>Reads a domain file.</summary>
    public static DomainSpec Load(string path) => DomainReader.Read(File.ReadAllText(path), path);

    public bool HasIntent(string intent) => _intentsByName.ContainsKey(intent);

    /// <summary>Whether entities of messages with <paramref name="intent"/> are featurised (true for unknown intents).</summary>
    public bool UsesEntities(string intent) => !_intentsByName.TryGetValue(intent, out var spec) || spec.UsesAnyEntity;

    /// <summary>Whether <paramref name="entity"/> of a message with <paramref name="intent"/> is featurised.</summary>
    public bool UsesEntity(string intent, string entity) =>
        !_intentsByName.TryGetValue(intent, out var spec) || spec.UsesEntity(entity);

    public Slot? FindSlot(string name) => _slotsByName.GetValueOrDefault(name);

    /// <summary>Index of the action in <see cref="ActionNames"/>, or -1 when the domain has no such action.</summary>
    public int IndexOfAction(string name) => _actionIndex.TryGetValue(name, out var index) ? index : -1;

    public bool HasAction(string name) => _actionIndex.ContainsKey(name);

    /// <summary>
    /// The name of the action implemented by a Python class path, following the examples' convention:
    /// the snake_case of the class name (<c>actions.ActionSearchVenues</c> → <c>action_search_venues</c>).
    /// </summary>
    public static string ActionNameForClassPath(string classPath)
    {
        var className = classPath[(classPath.LastIndexOf('.') + 1)..];
        var builder = new StringBuilder();
        for (var i = 0; i < className.Length; i++)
        {
            var c = className[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = className[i - 1];
                var nextIsLower = i + 1 < className.Length && char.IsLower(className[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append('_');
                }
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The <c>GET /domain</c> JSON (§4.11).</summary>
    public JsonObject ToJson() =>
        new()
        {
            ["config"] = new JsonObject { ["store_entities_as_slots"] = StoreEntitiesAsSlots },
            ["intents"] = new JsonArray(IntentSpecs.Select(i => (JsonNode?)new JsonObject { [i.Name] = IntentProperties(i) }).ToArray()),
            ["entities"] = StringArray(Entities),
            ["slots"] = SlotsJson(),
            ["templates"] = TemplatesJson(),
            ["actions"] = StringArray(ActionEntries),
            ["action_names"] = StringArray(DomainActionNames),
            ["action_factory"] = ActionFactory,
        };

    /// <summary>
    /// The <c>domain.yml</c> of a model directory (§2): reading it back gives an equivalent domain
    /// (same <see cref="Fingerprint"/>).
    /// </summary>
    public string ToPersistedYaml() => YamlOutput.Write(PersistedJson());

    private JsonObject PersistedJson()
    {
        var config = new JsonObject { ["store_entities_as_slots"] = StoreEntitiesAsSlots };
        if (RestartIntent != DefaultRestartIntent)
        {
            config["restart_intent"] = RestartIntent;
        }

        // the /domain JSON with a fuller config and intents written briefly where they have default properties
        var result = ToJson();
        result["config"] = config;
        result["intents"] = new JsonArray(IntentSpecs.Select(i =>
            i.IsDefault ? (JsonNode?)i.Name : new JsonObject { [i.Name] = IntentProperties(i) }).ToArray());
        if (Topics.Count > 0)
        {
            result["topics"] = StringArray(Topics);
        }

        return result;
    }

    private static JsonObject IntentProperties(IntentSpec intent)
    {
        var properties = new JsonObject
        {
            ["use_entities"] = intent.UsedEntities is { } used ? StringArray(used) : intent.UseEntities,
        };
        if (intent.IgnoredEntities is { } ignored)
        {
            properties["ignore_entities"] = StringArray(ignored);
        }

        return properties;
    }

    private JsonObject SlotsJson()
    {
        var slots = new JsonObject();
        foreach (var slot in Slots)
        {
            var definition = new JsonObject
            {
                ["type"] = slot.ClassPath,
                ["initial_value"] = slot.InitialValue?.DeepClone(),
            };
            foreach (var (key, value) in slot.ExtraPersistedKeys())
            {
                definition[key] = value?.DeepClone();
            }

            slots[slot.Name] = definition;
        }

        return slots;
    }

    private JsonObject TemplatesJson()
    {
        var templates = new JsonObject();
        foreach (var (name, variations) in Templates)
        {
            templates[name] = new JsonArray(variations.Select(v => (JsonNode?)v.ToJson()).ToArray());
        }

        return templates;
    }

    private static JsonArray StringArray(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private string[] BuildStateFeatureNames()
    {
        var names = new List<string>();
        names.AddRange(Intents.Select(i => "intent_" + i));
        names.AddRange(Entities.Select(e => "entity_" + e));
        foreach (var slot in SlotsByName)
        {
            for (var k = 0; k < slot.FeatureCount; k++)
            {
                names.Add($"slot_{slot.Name}_{k}");
            }
        }

        names.AddRange(ActionNames.Select(a => "prev_" + a));
        return [.. names];
    }

    private string ComputeFingerprint()
    {
        var canonical = Canonical(PersistedJson())!.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    // Keys sorted at every level so that the fingerprint does not depend on how the file ordered mappings.
    private static JsonNode? Canonical(JsonNode? node) =>
        node switch
        {
            JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
            JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
            _ => node?.DeepClone(),
        };
}
