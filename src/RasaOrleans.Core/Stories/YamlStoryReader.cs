using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Nlu;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Core.Stories;

/// <summary>
/// Reads the later Rasa YAML training format: <c>stories:</c> and <c>rules:</c> lists of <c>steps:</c>.
/// Other top-level keys (<c>version</c>, <c>nlu</c>, domain keys) are left to their own readers.
/// </summary>
internal sealed class YamlStoryReader(StoryReadContext context)
{
    private static readonly RegexInterpreter Interpreter = new();

    /// <summary>True when the YAML text has a <c>stories:</c> or <c>rules:</c> section.</summary>
    public static bool HasStories(string text, string? sourceFile)
    {
        var root = YamlText.LoadRoot(text, sourceFile);
        return root is not null && (YamlText.Get(root, "stories") is not null || YamlText.Get(root, "rules") is not null);
    }

    public void Read(string text, string? sourceFile)
    {
        var root = YamlText.LoadRoot(text, sourceFile);
        if (root is null)
        {
            return;
        }

        ReadSection(root, "stories", "story", isRule: false, sourceFile);
        ReadSection(root, "rules", "rule", isRule: true, sourceFile);
    }

    private void ReadSection(YamlMappingNode root, string key, string nameKey, bool isRule, string? sourceFile)
    {
        var section = YamlText.Get(root, key);
        if (section is null or YamlScalarNode { Value: null or "" })
        {
            return;
        }

        if (section is not YamlSequenceNode items)
        {
            throw new RasaFormatException($"'{key}:' must be a list of {nameKey}s", sourceFile, YamlText.LineOf(section));
        }

        foreach (var item in items)
        {
            if (item is not YamlMappingNode story)
            {
                throw new RasaFormatException($"every entry of '{key}:' must be a mapping with '{nameKey}:' and 'steps:'",
                    sourceFile, YamlText.LineOf(item));
            }

            ReadBlock(story, nameKey, isRule, sourceFile);
        }
    }

    private void ReadBlock(YamlMappingNode story, string nameKey, bool isRule, string? sourceFile)
    {
        var line = YamlText.LineOf(story);
        var name = YamlText.Scalar(YamlText.Get(story, nameKey));
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RasaFormatException($"a {nameKey} needs a name ('{nameKey}: ...')", sourceFile, line);
        }

        var builder = new StoryStepBuilder(name, sourceFile, line, isRule, context);
        context.BlockCount++;
        if (isRule)
        {
            builder.RuleAtConversationStart = YamlText.ToJson(YamlText.Get(story, "conversation_start") ?? new YamlScalarNode("false"))
                is JsonValue flag && flag.TryGetValue<bool>(out var atStart) && atStart;
            if (YamlText.Get(story, "condition") is YamlSequenceNode conditions)
            {
                foreach (var condition in conditions.OfType<YamlMappingNode>())
                {
                    ReadCondition(builder, condition, sourceFile);
                }
            }
        }

        if (YamlText.Get(story, "steps") is not YamlSequenceNode steps)
        {
            throw new RasaFormatException($"{nameKey} '{name}' needs a list of 'steps:'", sourceFile, line);
        }

        foreach (var step in steps)
        {
            if (step is not YamlMappingNode mapping)
            {
                throw new RasaFormatException($"every step of '{name}' must be a mapping like '- intent: greet'",
                    sourceFile, YamlText.LineOf(step));
            }

            ReadStep(builder, mapping, sourceFile);
        }

        builder.Flush();
    }

    private void ReadCondition(StoryStepBuilder builder, YamlMappingNode condition, string? sourceFile)
    {
        foreach (var (key, value) in YamlText.Entries(condition))
        {
            if (key == "slot_was_set")
            {
                builder.RuleConditions.AddRange(SlotEvents(value, sourceFile));
            }
            else
            {
                context.Warn($"rule condition '{key}' is not supported; skipped it", sourceFile, YamlText.LineOf(value));
            }
        }
    }

    private void ReadStep(StoryStepBuilder builder, YamlMappingNode step, string? sourceFile)
    {
        var line = YamlText.LineOf(step);
        if (YamlText.Get(step, "checkpoint") is { } checkpointNode)
        {
            var name = YamlText.Scalar(checkpointNode);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new RasaFormatException("a checkpoint step needs a name", sourceFile, line);
            }

            JsonObject? conditions = null;
            if (YamlText.Get(step, "slot_was_set") is { } slots)
            {
                conditions = [];
                foreach (var slot in SlotEvents(slots, sourceFile))
                {
                    conditions[slot.Name] = slot.Value?.DeepClone();
                }
            }

            builder.AddCheckpoint(new Checkpoint(name, conditions), line);
            return;
        }

        if (YamlText.Get(step, "intent") is not null || YamlText.Get(step, "user") is not null)
        {
            builder.AddUserMessages([UserStep(step, sourceFile)]);
            return;
        }

        if (YamlText.Get(step, "or") is { } alternatives)
        {
            if (alternatives is not YamlSequenceNode list || list.Children.Count == 0)
            {
                throw new RasaFormatException("'or:' needs a list of intent steps", sourceFile, line);
            }

            var messages = list.Children.Select(alternative => alternative is YamlMappingNode m
                    && (YamlText.Get(m, "intent") is not null || YamlText.Get(m, "user") is not null)
                    ? UserStep(m, sourceFile)
                    : throw new RasaFormatException("only intent steps can be alternatives of 'or:'", sourceFile,
                        YamlText.LineOf(alternative)))
                .ToList();
            builder.AddUserMessages(messages);
            return;
        }

        if (YamlText.Get(step, "action") is { } actionNode)
        {
            var action = YamlText.Scalar(actionNode);
            if (string.IsNullOrWhiteSpace(action))
            {
                throw new RasaFormatException("an action step needs an action name", sourceFile, line);
            }

            if (action != "action_listen")
            {
                builder.AddEvent(new ActionExecuted(action));
            }

            return;
        }

        if (YamlText.Get(step, "slot_was_set") is { } slotNode)
        {
            foreach (var slot in SlotEvents(slotNode, sourceFile))
            {
                builder.AddEvent(slot);
            }

            return;
        }

        var keys = string.Join(", ", YamlText.Entries(step).Select(e => e.Key));
        context.Warn($"step with '{keys}' is not supported; skipped it", sourceFile, line);
    }

    private static UserUttered UserStep(YamlMappingNode step, string? sourceFile)
    {
        var line = YamlText.LineOf(step);
        var user = YamlText.Scalar(YamlText.Get(step, "user"));
        var intent = YamlText.Scalar(YamlText.Get(step, "intent"));
        if (user is not null && (RegexInterpreter.IsRegexMessage(user) || intent is null))
        {
            if (RegexInterpreter.IsRegexMessage(user))
            {
                return StoryText.UserMessage(user, sourceFile, line);
            }

            // end-to-end text without an intent: nothing to classify it with here
            var textOnly = Interpreter.Parse(user);
            textOnly["intent"] = new JsonObject { ["name"] = null, ["confidence"] = JsonFloat.Node(1.0) };
            textOnly.Remove("intent_ranking");
            return new UserUttered(user, textOnly);
        }

        if (string.IsNullOrWhiteSpace(intent))
        {
            throw new RasaFormatException("an intent step needs an intent name", sourceFile, line);
        }

        var entities = Entities(YamlText.Get(step, "entities"), sourceFile);
        var message = entities.Count == 0 ? intent : intent + entities.ToJsonString();
        var parsed = StoryText.UserMessage(message, sourceFile, line);
        if (user is null)
        {
            return parsed;
        }

        // end-to-end: the user's text with the stated intent and entities
        var parseData = parsed.ParseData;
        parseData["text"] = user;
        return new UserUttered(user, parseData);
    }

    // entities as the JSON object of the 0.8 story syntax; repeated entity names become lists
    private static JsonObject Entities(YamlNode? node, string? sourceFile)
    {
        var result = new JsonObject();
        if (node is null)
        {
            return result;
        }

        if (node is not YamlSequenceNode list)
        {
            throw new RasaFormatException("'entities:' must be a list", sourceFile, YamlText.LineOf(node));
        }

        foreach (var item in list)
        {
            switch (item)
            {
                case YamlScalarNode { Value: { } name }:
                    AddEntity(result, name, null);
                    break;
                case YamlMappingNode mapping when YamlText.Get(mapping, "entity") is { } entityNode:
                    AddEntity(result, YamlText.Scalar(entityNode) ?? "",
                        YamlText.Get(mapping, "value") is { } v ? YamlText.ToJson(v) : null);
                    break;
                case YamlMappingNode mapping:
                    foreach (var (key, value) in YamlText.Entries(mapping))
                    {
                        AddEntity(result, key, YamlText.ToJson(value));
                    }

                    break;
                default:
                    throw new RasaFormatException("an entity must be a name or a mapping 'name: value'", sourceFile,
                        YamlText.LineOf(item));
            }
        }

        return result;
    }

    private static void AddEntity(JsonObject entities, string name, JsonNode? value)
    {
        if (!entities.TryGetPropertyValue(name, out var existing))
        {
            entities[name] = value;
            return;
        }

        if (existing is JsonArray list)
        {
            list.Add(value);
        }
        else
        {
            entities[name] = new JsonArray(existing?.DeepClone(), value);
        }
    }

    private static List<SlotSet> SlotEvents(YamlNode node, string? sourceFile)
    {
        var items = node is YamlSequenceNode list ? list.Children.ToList() : [node];
        var result = new List<SlotSet>();
        foreach (var item in items)
        {
            switch (item)
            {
                case YamlScalarNode { Value: { Length: > 0 } name }:
                    // a bare slot name: the slot was set, the value does not matter; stored like 0.7's slot["name"]
                    result.Add(new SlotSet(name, JsonValue.Create("")));
                    break;
                case YamlMappingNode mapping:
                    result.AddRange(YamlText.Entries(mapping).Select(e => new SlotSet(e.Key, YamlText.ToJson(e.Value))));
                    break;
                default:
                    throw new RasaFormatException("'slot_was_set:' needs slot names or 'name: value' mappings", sourceFile,
                        YamlText.LineOf(item));
            }
        }

        return result;
    }
}
