using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Slots;
using RasaOrleans.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Core.Domain;

/// <summary>
/// Turns domain YAML into a <see cref="DomainSpec"/>, reporting every mistake with the file and the line of the
/// offending node. Keys it does not know (<c>version</c>, <c>session_config</c>, <c>forms</c>, …) are ignored.
/// </summary>
internal sealed class DomainReader
{
    private readonly string? _file;

    private DomainReader(string? file) => _file = file;

    public static DomainSpec Read(string yaml, string? file) => new DomainReader(file).Read(yaml);

    private DomainSpec Read(string yaml)
    {
        var root = YamlInput.ParseRoot(yaml, _file)
            ?? throw new RasaFormatException("the domain file is empty", _file);
        if (root is not YamlMappingNode mapping)
        {
            throw Error(root, $"a domain must be a mapping of keys (intents, entities, slots, templates, actions), found {Describe(root)}");
        }

        var intents = ReadIntents(Get(mapping, "intents"));
        var entities = ReadNameList(Get(mapping, "entities"), "entities", "entity");
        var slots = ReadSlots(Get(mapping, "slots"));

        var templates = new OrderedDictionary<string, IReadOnlyList<TemplateVariation>>(StringComparer.Ordinal);
        ReadTemplates(Get(mapping, "templates"), "templates", templates);
        var responsesNode = Get(mapping, "responses");
        var responseNames = ReadTemplates(responsesNode, "responses", templates);

        var (storeEntitiesAsSlots, restartIntent) = ReadConfig(Get(mapping, "config"));
        var actionFactory = ReadActionFactory(Get(mapping, "action_factory"));
        var topics = ReadNameList(Get(mapping, "topics"), "topics", "topic");

        var entryNodes = ReadActionEntries(Get(mapping, "actions"));
        var namesNode = Get(mapping, "action_names");
        var persistedNames = namesNode is null ? null : ReadActionEntries(namesNode);
        if (persistedNames is not null && persistedNames.Count != entryNodes.Count)
        {
            throw Error(namesNode!,
                $"'action_names' has {persistedNames.Count} entries but 'actions' has {entryNodes.Count}; they must be parallel");
        }

        var entries = new List<string>();
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entryNodes.Count; i++)
        {
            var (entry, node) = entryNodes[i];
            var name = persistedNames?[i].Name ?? NameOfEntry(entry, actionFactory, templates);
            if (DomainSpec.DefaultActionNames.Contains(name))
            {
                // built-in actions always come first; listing them again (later Rasa allows it) changes nothing
                continue;
            }

            if (!seen.Add(name))
            {
                throw Error(node, $"duplicate action '{name}' in 'actions'");
            }

            entries.Add(entry);
            names.Add(name);
        }

        // later Rasa: every response is an utter action, listed or not; they follow the listed actions
        foreach (var response in responseNames)
        {
            if (seen.Add(response))
            {
                entries.Add(response);
                names.Add(response);
            }
        }

        return new DomainSpec(intents, entities, slots, templates, entries, names, actionFactory, topics,
            storeEntitiesAsSlots, restartIntent);
    }

    private static string NameOfEntry(string entry, string? actionFactory, OrderedDictionary<string, IReadOnlyList<TemplateVariation>> templates)
    {
        if (actionFactory == "remote" || templates.ContainsKey(entry) || !entry.Contains('.'))
        {
            return entry;
        }

        return DomainSpec.ActionNameForClassPath(entry);
    }

    private List<IntentSpec> ReadIntents(YamlNode? node)
    {
        var result = new List<IntentSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Sequence(node, "intents"))
        {
            var intent = item switch
            {
                YamlScalarNode when YamlInput.AsString(item) is { } name => new IntentSpec(name),
                YamlMappingNode { Children.Count: 1 } map => ReadIntentProperties(map),
                _ => throw Error(item, $"an intent must be a name or a map {{name: {{use_entities: ...}}}}, found {Describe(item)}"),
            };
            if (!seen.Add(intent.Name))
            {
                throw Error(item, $"duplicate intent '{intent.Name}' in 'intents'");
            }

            result.Add(intent);
        }

        return result;
    }

    private IntentSpec ReadIntentProperties(YamlMappingNode map)
    {
        var (keyNode, value) = map.Children.First();
        var name = YamlInput.AsString(keyNode) ?? throw Error(keyNode, "an intent name must be a string");
        if (YamlInput.IsNull(value))
        {
            return new IntentSpec(name);
        }

        if (value is not YamlMappingNode properties)
        {
            throw Error(value, $"the properties of intent '{name}' must be a map such as {{use_entities: false}}, found {Describe(value)}");
        }

        var useEntities = true;
        IReadOnlyList<string>? used = null;
        IReadOnlyList<string>? ignored = null;
        if (YamlInput.TryGet(properties, "use_entities", out _, out var useNode))
        {
            switch (YamlInput.ToJson(useNode))
            {
                case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    useEntities = v.GetValue<bool>();
                    break;
                case JsonArray:
                    used = ReadNameList(useNode, "use_entities", "entity");
                    break;
                default:
                    throw Error(useNode, $"'use_entities' of intent '{name}' must be true, false or a list of entities");
            }
        }

        if (YamlInput.TryGet(properties, "ignore_entities", out _, out var ignoreNode))
        {
            if (ignoreNode is not YamlSequenceNode)
            {
                throw Error(ignoreNode, $"'ignore_entities' of intent '{name}' must be a list of entities");
            }

            ignored = ReadNameList(ignoreNode, "ignore_entities", "entity");
        }

        return new IntentSpec(name, useEntities, used, ignored);
    }

    /// <summary>A list of unique names; later Rasa's single-key maps (<c>- city: {roles: [...]}</c>) count by key.</summary>
    private List<string> ReadNameList(YamlNode? node, string key, string what)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Sequence(node, key))
        {
            var name = item switch
            {
                YamlScalarNode when YamlInput.AsString(item) is { } text => text,
                YamlMappingNode { Children.Count: 1 } map when YamlInput.AsString(map.Children.First().Key) is { } text => text,
                _ => throw Error(item, $"each entry of '{key}' must be a name, found {Describe(item)}"),
            };
            if (!seen.Add(name))
            {
                throw Error(item, $"duplicate {what} '{name}' in '{key}'");
            }

            result.Add(name);
        }

        return result;
    }

    private List<Slot> ReadSlots(YamlNode? node)
    {
        var result = new List<Slot>();
        foreach (var (keyNode, value) in Mapping(node, "slots"))
        {
            var name = YamlInput.AsString(keyNode) ?? throw Error(keyNode, "a slot name must be a string");
            if (value is not YamlMappingNode)
            {
                throw Error(value, $"slot '{name}' must be a map with at least a 'type', found {Describe(value)}");
            }

            var definition = (JsonObject)YamlInput.ToJson(value)!;
            try
            {
                result.Add(SlotFactory.Create(name, definition));
            }
            catch (RasaFormatException ex) when (ex.Line is null)
            {
                var where = value is YamlMappingNode m && YamlInput.TryGet(m, "type", out _, out var typeNode) ? typeNode : keyNode;
                throw Error(where, ex.Problem, ex);
            }
        }

        return result;
    }

    /// <summary>Adds the templates under <paramref name="key"/>; returns their names in file order.</summary>
    private List<string> ReadTemplates(YamlNode? node, string key,
        OrderedDictionary<string, IReadOnlyList<TemplateVariation>> templates)
    {
        var names = new List<string>();
        if (node is YamlSequenceNode { Children.Count: 0 })
        {
            // 0.7 persisted remote-factory domains wrote an empty list here
            return names;
        }

        foreach (var (keyNode, value) in Mapping(node, key))
        {
            var name = YamlInput.AsString(keyNode) ?? throw Error(keyNode, "a template name must be a string");
            if (templates.ContainsKey(name))
            {
                throw Error(keyNode, $"duplicate template '{name}'");
            }

            if (value is not YamlSequenceNode variations)
            {
                throw Error(value, $"template '{name}' must be a list of variations, found {Describe(value)}");
            }

            var list = new List<TemplateVariation>();
            foreach (var variation in variations)
            {
                try
                {
                    list.Add(variation switch
                    {
                        YamlScalarNode when YamlInput.AsString(variation) is { } text => TemplateVariation.FromText(text),
                        YamlMappingNode => TemplateVariation.FromJson(name, (JsonObject)YamlInput.ToJson(variation)!),
                        _ => throw new RasaFormatException(
                            $"a variation of template '{name}' must be a text or a map with 'text', found {Describe(variation)}"),
                    });
                }
                catch (RasaFormatException ex) when (ex.Line is null)
                {
                    throw Error(variation, ex.Problem, ex);
                }
            }

            templates.Add(name, list);
            names.Add(name);
        }

        return names;
    }

    private (bool StoreEntitiesAsSlots, string RestartIntent) ReadConfig(YamlNode? node)
    {
        var store = true;
        var restart = DomainSpec.DefaultRestartIntent;
        foreach (var (keyNode, value) in Mapping(node, "config"))
        {
            switch (YamlInput.AsString(keyNode))
            {
                case "store_entities_as_slots":
                    store = YamlInput.ToJson(value) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                        ? v.GetValue<bool>()
                        : throw Error(value, $"'store_entities_as_slots' must be true or false, found {Describe(value)}");
                    break;
                case "restart_intent":
                    restart = value is YamlScalarNode ? YamlInput.AsString(value) ?? restart
                        : throw Error(value, $"'restart_intent' must be an intent name, found {Describe(value)}");
                    break;
            }
        }

        return (store, restart);
    }

    private string? ReadActionFactory(YamlNode? node)
    {
        if (node is null || YamlInput.IsNull(node))
        {
            return null;
        }

        return YamlInput.AsString(node) is "local" or "remote" && node is YamlScalarNode scalar
            ? scalar.Value
            : throw Error(node, $"'action_factory' must be 'local' or 'remote', found {Describe(node)}");
    }

    private List<(string Name, YamlNode Node)> ReadActionEntries(YamlNode? node)
    {
        var result = new List<(string, YamlNode)>();
        foreach (var item in Sequence(node, "actions"))
        {
            var name = item switch
            {
                YamlScalarNode when YamlInput.AsString(item) is { } text => text,
                // later Rasa: - action_x: {send_domain: true}
                YamlMappingNode { Children.Count: 1 } map when YamlInput.AsString(map.Children.First().Key) is { } text => text,
                _ => throw Error(item, $"an action must be a name or a class path, found {Describe(item)}"),
            };
            result.Add((name, item));
        }

        return result;
    }

    private static YamlNode? Get(YamlMappingNode mapping, string key) =>
        YamlInput.TryGet(mapping, key, out _, out var value) ? value : null;

    private IEnumerable<YamlNode> Sequence(YamlNode? node, string key) =>
        node switch
        {
            null => [],
            _ when YamlInput.IsNull(node) => [],
            YamlSequenceNode sequence => sequence.Children,
            _ => throw Error(node, $"'{key}' must be a list, found {Describe(node)}"),
        };

    private IEnumerable<KeyValuePair<YamlNode, YamlNode>> Mapping(YamlNode? node, string key) =>
        node switch
        {
            null => [],
            _ when YamlInput.IsNull(node) => [],
            YamlMappingNode mapping => mapping.Children,
            _ => throw Error(node, $"'{key}' must be a map, found {Describe(node)}"),
        };

    private static string Describe(YamlNode node) =>
        node switch
        {
            YamlSequenceNode => "a list",
            YamlMappingNode => "a map",
            YamlScalarNode s when YamlInput.IsNull(s) => "nothing",
            YamlScalarNode s => $"'{s.Value}'",
            _ => node.NodeType.ToString(),
        };

    private RasaFormatException Error(YamlNode node, string problem, Exception? inner = null) =>
        new(problem, _file, YamlInput.Line(node), inner);
}
