using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Nlu;

namespace RasaOrleans.Core.Stories;

/// <summary>Reads the Markdown story format of Rasa Core 0.7 – 0.x (spec §10.1).</summary>
internal sealed partial class MarkdownStoryReader(StoryReadContext context)
{
    public void Read(string text, string? sourceFile)
    {
        StoryStepBuilder? block = null;
        var lines = StoryText.StripComments(text).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = ReplaceTemplateVariables(lines[index].Trim(), sourceFile, lineNumber);
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                block?.Flush();
                block = new StoryStepBuilder(line.TrimStart('#', ' ').TrimEnd(), sourceFile, lineNumber, false, context);
                context.BlockCount++;
                continue;
            }

            if (line[0] is not ('>' or '-' or '*'))
            {
                context.Warn($"skipped a line that is not part of the story format: '{line}'", sourceFile, lineNumber);
                continue;
            }

            if (block is null)
            {
                throw new RasaFormatException(
                    $"'{line}' comes before the first story; a story starts with a '## name' line", sourceFile, lineNumber);
            }

            switch (line[0])
            {
                case '>':
                    block.AddCheckpoint(ParseCheckpoint(line[1..].Trim(), sourceFile, lineNumber), lineNumber);
                    break;
                case '*':
                    block.AddUserMessages(ParseUserMessages(line[1..], sourceFile, lineNumber));
                    break;
                default:
                    AddEventLine(block, line[1..].Trim(), sourceFile, lineNumber);
                    break;
            }
        }

        block?.Flush();
    }

    private IReadOnlyList<UserUttered> ParseUserMessages(string line, string? sourceFile, int lineNumber)
    {
        var result = new List<UserUttered>();
        foreach (var alternative in line.Split(" OR "))
        {
            var message = alternative.Trim();
            result.Add(StoryText.UserMessage(message, sourceFile, lineNumber));
            if (RegexInterpreter.HasInvalidEntityJson(message))
            {
                context.Warn($"the entities of '{message}' are not a JSON object; read it without entities", sourceFile, lineNumber);
            }
        }

        return result;
    }

    private static Checkpoint ParseCheckpoint(string line, string? sourceFile, int lineNumber)
    {
        var (name, parameters) = SplitEventLine(line);
        if (name.Length == 0)
        {
            throw new RasaFormatException($"checkpoint '> {line}' has no name", sourceFile, lineNumber);
        }

        if (parameters is null)
        {
            return new Checkpoint(name);
        }

        return ParseJson(parameters, sourceFile, lineNumber) is JsonObject conditions
            ? new Checkpoint(name, conditions)
            : throw new RasaFormatException(
                $"the conditions of checkpoint '{name}' must be a JSON object of slot values, got '{parameters}'",
                sourceFile, lineNumber);
    }

    private void AddEventLine(StoryStepBuilder block, string line, string? sourceFile, int lineNumber)
    {
        var (name, parameters) = SplitEventLine(line);
        switch (name)
        {
            case "":
                context.Warn($"skipped an event line without a name: '- {line}'", sourceFile, lineNumber);
                return;
            case "action_listen":
                // stories never hold listens; they are implied before each user turn (spec §10.2)
                return;
            case SlotSet.Type:
                var slots = SlotParameters(parameters, sourceFile, lineNumber);
                if (slots.Count == 0)
                {
                    context.Warn($"slot line '- {line}' names no slot; skipped it", sourceFile, lineNumber);
                }

                foreach (var (slot, value) in slots)
                {
                    block.AddEvent(new SlotSet(slot, value?.DeepClone()));
                }

                return;
        }

        Event? simple = name switch
        {
            ConversationRestarted.Type => new ConversationRestarted(),
            AllSlotsReset.Type => new AllSlotsReset(),
            ConversationPaused.Type => new ConversationPaused(),
            ConversationResumed.Type => new ConversationResumed(),
            UserUtteranceReverted.Type => new UserUtteranceReverted(),
            ActionReverted.Type => new ActionReverted(),
            _ => null,
        };
        if (simple is null && EventJson.KnownTypes.Contains(name) && name != ActionExecuted.Type)
        {
            context.Warn($"event '{name}' cannot be written in a story; skipped it", sourceFile, lineNumber);
            return;
        }

        if (parameters is not null)
        {
            context.Warn($"'{name}' takes no parameters; ignored '{parameters}'", sourceFile, lineNumber);
        }

        block.AddEvent(simple ?? new ActionExecuted(name));
    }

    private static List<KeyValuePair<string, JsonNode?>> SlotParameters(string? parameters, string? sourceFile, int lineNumber)
    {
        if (parameters is null)
        {
            return [];
        }

        return ParseJson(parameters, sourceFile, lineNumber) switch
        {
            JsonObject values => [.. values],
            // 0.7 also allowed slot["name"]: the slot is set to an empty string
            JsonArray names when names.All(n => n is JsonValue v && v.TryGetValue<string>(out _)) =>
                [.. names.Select(n => new KeyValuePair<string, JsonNode?>(n!.GetValue<string>(), JsonValue.Create(""))) ],
            _ => throw new RasaFormatException(
                $"slot values must be a JSON object like slot{{\"name\": \"value\"}}, got '{parameters}'", sourceFile, lineNumber),
        };
    }

    private static JsonNode? ParseJson(string json, string? sourceFile, int lineNumber)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new RasaFormatException($"'{json}' is not valid JSON ({e.Message})", sourceFile, lineNumber, e);
        }
    }

    // "name{json}" or "name[json]": the name, and the parameter text if any
    private static (string Name, string? Parameters) SplitEventLine(string line)
    {
        var match = EventLine().Match(line);
        var parameters = match.Groups[2].Success ? match.Groups[2].Value.Trim() : null;
        return (match.Groups[1].Value.Trim(), string.IsNullOrEmpty(parameters) ? null : parameters);
    }

    private string ReplaceTemplateVariables(string line, string? sourceFile, int lineNumber) =>
        !line.Contains('`') ? line : TemplateVariable().Replace(line, match =>
            context.TemplateVariables.TryGetValue(match.Groups[1].Value, out var value)
                ? value
                : throw new RasaFormatException($"unknown template variable `{match.Groups[1].Value}`", sourceFile, lineNumber));

    [GeneratedRegex(@"^([^\[{]*)([\[{].*)?$")]
    private static partial Regex EventLine();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex TemplateVariable();
}
