using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RasaOrleans.Core.Yaml;

/// <summary>
/// Writes JSON-shaped data as block-style YAML that <see cref="YamlInput"/> (and PyYAML) read back to the same
/// values: strings that a YAML 1.1 reader would take for a number, bool or null are quoted.
/// </summary>
internal static class YamlOutput
{
    public static string Write(JsonNode? root)
    {
        using var writer = new StringWriter();
        var emitter = new Emitter(writer, new EmitterSettings().WithBestIndent(2));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true,
                    array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            default:
                // numbers, true, false: their JSON text is also their plain YAML text
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var plainMeaning = YamlInput.ToJson(new YamlDotNet.RepresentationModel.YamlScalarNode(text) { Style = ScalarStyle.Plain });
        var readsBackAsString = plainMeaning is JsonValue v && v.GetValueKind() == JsonValueKind.String;
        var style = readsBackAsString ? ScalarStyle.Any : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }
}
