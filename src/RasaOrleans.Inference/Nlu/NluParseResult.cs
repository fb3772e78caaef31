using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Inference.Nlu;

/// <summary>The result of parsing one message; <see cref="ToJson"/> gives Rasa's <c>parse_data</c> (spec §8.1).</summary>
public sealed record NluParseResult(
    string Text,
    IntentPrediction Intent,
    IReadOnlyList<ExtractedEntity> Entities,
    IReadOnlyList<IntentPrediction> IntentRanking)
{
    /// <summary>Rasa's result for an empty message: intent name "", confidence 0, no entities.</summary>
    public static NluParseResult Empty(string text) => new(text, new IntentPrediction("", 0.0), [], []);

    public JsonObject ToJson()
    {
        var entities = new JsonArray();
        foreach (var entity in Entities)
        {
            var json = new JsonObject
            {
                ["start"] = entity.Start,
                ["end"] = entity.End,
                ["value"] = entity.Value,
                ["entity"] = entity.Entity,
            };
            if (entity.Confidence is { } confidence)
            {
                json["confidence"] = Number(confidence);
            }

            json["extractor"] = entity.Extractor;
            if (entity.Processors is { Count: > 0 } processors)
            {
                json["processors"] = new JsonArray([.. processors.Select(p => (JsonNode)p)]);
            }

            entities.Add(json);
        }

        if (Text.Length == 0)
        {
            return new JsonObject
            {
                ["intent"] = IntentJson(Intent),
                ["entities"] = entities,
                ["text"] = Text,
            };
        }

        var ranking = new JsonArray();
        foreach (var intent in IntentRanking)
        {
            ranking.Add(IntentJson(intent));
        }

        return new JsonObject
        {
            ["text"] = Text,
            ["intent"] = IntentJson(Intent),
            ["entities"] = entities,
            ["intent_ranking"] = ranking,
        };
    }

    private static JsonObject IntentJson(IntentPrediction intent) =>
        new() { ["name"] = intent.Name, ["confidence"] = Number(intent.Confidence) };

    // Python writes 1.0 and 0.0 for whole floats; the shortest round-trip form is the same as Python's otherwise
    private static JsonNode Number(double value) =>
        value == Math.Floor(value) ? JsonFloat.Node(value) : JsonValue.Create(value);
}
