using System.Text.Json.Nodes;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class NluParserTests(RestaurantModelFixture fixture) : IClassFixture<RestaurantModelFixture>
{
    private readonly NluParser _parser = fixture.Model.CreateParser();

    [Theory]
    [InlineData("hello there friend", "greet")]
    [InlineData("hi", "greet")]
    [InlineData("bye for now", "goodbye")]
    [InlineData("yes, that sounds good", "affirm")]
    [InlineData("show me mexican restaurants in paris", "restaurant_search")]
    [InlineData("i want to eat in berlin", "restaurant_search")]
    public void Predicts_the_intent(string text, string intent)
    {
        Assert.Equal(intent, _parser.Predict(text).Intent.Name);
    }

    [Fact]
    public void Parse_returns_rasa_parse_data()
    {
        var json = _parser.Parse("show me chinese restaurants in london");

        Assert.Equal("show me chinese restaurants in london", (string?)json["text"]);
        Assert.Equal("restaurant_search", (string?)json["intent"]!["name"]);
        var confidence = json["intent"]!["confidence"]!.GetValue<double>();
        Assert.InRange(confidence, 0.0, 1.0);
        var entities = json["entities"]!.AsArray();
        var location = Assert.Single(entities, e => (string?)e!["entity"] == "location")!;
        Assert.Equal(31, (int)location["start"]!);
        Assert.Equal(37, (int)location["end"]!);
        Assert.Equal("london", (string?)location["value"]);
        Assert.Equal("ner_crf", (string?)location["extractor"]);
        Assert.NotNull(location["confidence"]);
        Assert.Contains(entities, e => (string?)e!["entity"] == "cuisine" && (string?)e["value"] == "chinese");
        Assert.Equal(["text", "intent", "entities", "intent_ranking"], json.Select(p => p.Key));
    }

    [Fact]
    public void The_tagger_finds_a_location_not_seen_in_training()
    {
        var result = _parser.Predict("looking for a restaurant in vienna");

        var entity = Assert.Single(result.Entities);
        Assert.Equal(("location", "vienna", "ner_crf"), (entity.Entity, entity.Value, entity.Extractor));
    }

    [Fact]
    public void Regex_and_lookup_hits_named_after_an_entity_type_are_entities()
    {
        var result = _parser.Predict("korean restaurants near 90210");

        Assert.Contains(result.Entities, e => e is { Entity: "cuisine", Value: "korean", Extractor: "ner_lookup", Start: 0, End: 6 });
        Assert.Contains(result.Entities, e => e is { Entity: "zipcode", Value: "90210", Extractor: "ner_regex" });
    }

    [Fact]
    public void Synonyms_replace_the_value_and_name_the_processor()
    {
        var json = _parser.Parse("show me restaurants in nyc");

        var entity = json["entities"]!.AsArray().Single(e => (string?)e!["entity"] == "location")!;
        Assert.Equal("New York City", (string?)entity["value"]);
        Assert.Equal(23, (int)entity["start"]!);
        Assert.Equal(26, (int)entity["end"]!);
        Assert.Equal(["ner_synonyms"], entity["processors"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public void Intent_ranking_lists_every_intent_best_first()
    {
        var json = _parser.Parse("good morning");

        var ranking = json["intent_ranking"]!.AsArray();
        Assert.Equal(4, ranking.Count);
        var confidences = ranking.Select(r => r!["confidence"]!.GetValue<double>()).ToList();
        Assert.Equal(confidences.OrderDescending(), confidences);
        Assert.Equal((string?)json["intent"]!["name"], (string?)ranking[0]!["name"]);
        Assert.Equal(1.0, confidences.Sum(), 3);
    }

    [Fact]
    public void Empty_text_gives_rasas_empty_result()
    {
        var json = _parser.Parse("");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"intent": {"name": "", "confidence": 0.0}, "entities": [], "text": ""}"""), json));
    }

    [Fact]
    public void Concurrent_parses_on_one_model_match_sequential_ones()
    {
        string[] texts =
        [
            "hello there", "bye", "yes please", "show me thai food in oslo", "korean restaurants near 90210",
            "restaurants in nyc", "looking for a restaurant in vienna", "i want italian food", "good night",
        ];
        var sequential = texts.Select(t => _parser.Parse(t).ToJsonString()).ToArray();

        var results = new string[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var parser = fixture.Model.CreateParser();
            var mine = new List<string>();
            for (var round = 0; round < 200; round++)
            {
                foreach (var text in texts)
                {
                    mine.Add(parser.Parse(text).ToJsonString());
                }
            }

            results[thread] = [.. mine];
        });

        for (var thread = 0; thread < results.Length; thread++)
        {
            for (var i = 0; i < results[thread].Length; i++)
            {
                // name the call so that a mismatch can be told apart from a score rounding difference
                Assert.True(sequential[i % texts.Length] == results[thread][i],
                    $"thread {thread}, call {i}: expected {sequential[i % texts.Length]} but got {results[thread][i]}");
            }
        }
    }
}
