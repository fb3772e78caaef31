using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Nlu;

/// <summary>
/// NLU training data (spec §8.3, §8.4): examples, regex features, entity synonyms and lookup tables, whichever
/// format they were read from.
/// </summary>
public sealed class NluTrainingData
{
    public IReadOnlyList<NluExample> Examples { get; init; } = [];

    public IReadOnlyList<RegexFeature> RegexFeatures { get; init; } = [];

    /// <summary>Explicit synonyms: synonym text, lower-cased, to the canonical value.</summary>
    public IReadOnlyDictionary<string, string> EntitySynonyms { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<LookupTable> LookupTables { get; init; } = [];

    /// <summary>Things the reader passed over, with their location.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Distinct intent names in order of first appearance.</summary>
    public IReadOnlyList<string> Intents =>
        [.. Examples.Select(e => e.Intent).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>Distinct entity types in order of first appearance.</summary>
    public IReadOnlyList<string> EntityTypes =>
        [.. Examples.SelectMany(e => e.Entities).Select(e => e.Entity).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The explicit synonyms plus those implied by examples whose entity value differs from its text — the
    /// mapping Rasa's synonym mapper learns (an explicit synonym wins).
    /// </summary>
    public IReadOnlyDictionary<string, string> AllSynonyms()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var example in Examples)
        {
            foreach (var entity in example.Entities)
            {
                var text = example.Text[entity.Start..entity.End];
                if (text != entity.Value)
                {
                    all[text.ToLowerInvariant()] = entity.Value;
                }
            }
        }

        foreach (var (synonym, value) in EntitySynonyms)
        {
            all[synonym] = value;
        }

        return all;
    }

    /// <summary>This data and <paramref name="other"/> as one training set.</summary>
    public NluTrainingData Merge(NluTrainingData other)
    {
        var synonyms = new Dictionary<string, string>(EntitySynonyms, StringComparer.Ordinal);
        foreach (var (synonym, value) in other.EntitySynonyms)
        {
            synonyms[synonym] = value;
        }

        return new NluTrainingData
        {
            Examples = [.. Examples, .. other.Examples],
            RegexFeatures = [.. RegexFeatures, .. other.RegexFeatures],
            EntitySynonyms = synonyms,
            LookupTables = [.. LookupTables, .. other.LookupTables],
            Warnings = [.. Warnings, .. other.Warnings],
        };
    }

    /// <summary>The data in rasa_nlu's JSON form (<c>{"rasa_nlu_data": {...}}</c>).</summary>
    public JsonObject ToRasaJson()
    {
        var examples = new JsonArray();
        foreach (var example in Examples)
        {
            var item = new JsonObject { ["text"] = example.Text };
            if (example.Intent is not null)
            {
                item["intent"] = example.Intent;
            }

            if (example.Entities.Count > 0)
            {
                item["entities"] = new JsonArray([.. example.Entities.Select(EntityJson)]);
            }

            examples.Add(item);
        }

        var data = new JsonObject
        {
            ["common_examples"] = examples,
            ["regex_features"] = new JsonArray([.. RegexFeatures.Select(r =>
                (JsonNode)new JsonObject { ["name"] = r.Name, ["pattern"] = r.Pattern })]),
            ["lookup_tables"] = new JsonArray([.. LookupTables.Select(t =>
                (JsonNode)new JsonObject { ["name"] = t.Name, ["elements"] = new JsonArray([.. t.Elements.Select(e => (JsonNode)e)]) })]),
            ["entity_synonyms"] = new JsonArray([.. EntitySynonyms
                .GroupBy(pair => pair.Value, StringComparer.Ordinal)
                .Select(group => (JsonNode)new JsonObject
                {
                    ["value"] = group.Key,
                    ["synonyms"] = new JsonArray([.. group.Select(pair => (JsonNode)pair.Key)]),
                })]),
        };
        return new JsonObject { ["rasa_nlu_data"] = data };
    }

    private static JsonNode EntityJson(NluEntity entity)
    {
        var json = new JsonObject
        {
            ["start"] = entity.Start,
            ["end"] = entity.End,
            ["value"] = entity.Value,
            ["entity"] = entity.Entity,
        };
        if (entity.Role is not null)
        {
            json["role"] = entity.Role;
        }

        if (entity.Group is not null)
        {
            json["group"] = entity.Group;
        }

        return json;
    }
}
