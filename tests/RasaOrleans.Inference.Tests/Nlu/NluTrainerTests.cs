using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class NluTrainerTests(RestaurantModelFixture fixture) : IClassFixture<RestaurantModelFixture>
{
    [Fact]
    public void Training_twice_gives_the_same_labels_and_confidences()
    {
        var again = new NluTrainer().Train(fixture.Data);
        string[] texts = ["hello there", "bye", "show me thai food in oslo", "restaurants near 90210", "looking for a restaurant in vienna"];

        var first = fixture.Model.CreateParser();
        var second = again.CreateParser();
        foreach (var text in texts)
        {
            var a = first.Predict(text);
            var b = second.Predict(text);
            Assert.Equal(a.Intent.Name, b.Intent.Name);
            Assert.Equal(a.Intent.Confidence, b.Intent.Confidence, 1e-6);
            Assert.Equal(a.IntentRanking.Select(r => r.Name), b.IntentRanking.Select(r => r.Name));
            Assert.Equal(a.Entities.Select(e => (e.Start, e.End, e.Entity, e.Value)), b.Entities.Select(e => (e.Start, e.End, e.Entity, e.Value)));
        }
    }

    [Fact]
    public void Intent_only_data_trains_without_a_tagger_and_ranks_at_most_ten()
    {
        var examples = Enumerable.Range(0, 12)
            .SelectMany(i => new[] { $"please do task{i} now", $"task{i} again", $"run the task{i} job" }
                .Select(text => new NluExample(text, $"intent_{i}", [])))
            .ToList();
        var model = new NluTrainer().Train(new NluTrainingData { Examples = examples });

        Assert.Empty(model.EntityTypes);
        var json = model.CreateParser().Parse("please run task7");
        Assert.Equal("intent_7", (string?)json["intent"]!["name"]);
        Assert.Empty(json["entities"]!.AsArray());
        Assert.Equal(10, json["intent_ranking"]!.AsArray().Count);
    }

    [Fact]
    public void A_single_intent_has_confidence_one()
    {
        var data = new NluTrainingData
        {
            Examples = [new("hello", "greet", []), new("hi there", "greet", [])],
        };

        var result = new NluTrainer().Train(data).CreateParser().Predict("something else entirely");

        Assert.Equal(new IntentPrediction("greet", 1.0), result.Intent);
        Assert.Equal([new IntentPrediction("greet", 1.0)], result.IntentRanking);
    }

    [Fact]
    public void No_examples_is_a_clear_error()
    {
        var error = Assert.Throws<RasaFormatException>(() => new NluTrainer().Train(new NluTrainingData()));
        Assert.Contains("no examples", error.Message);
    }

    [Fact]
    public void An_example_without_intent_is_a_clear_error()
    {
        var data = NluTrainingDataReader.ReadRasaJson("""
            {"rasa_nlu_data": {"common_examples": [
              {"text": "hello", "intent": "greet"},
              {"text": "show me chinese food", "entities": []}]}}
            """);

        var error = Assert.Throws<RasaFormatException>(() => new NluTrainer().Train(data));
        Assert.Contains("training example 2 ('show me chinese food') has no intent", error.Message);
    }

    [Fact]
    public void An_entity_outside_its_text_is_a_clear_error()
    {
        var data = new NluTrainingData
        {
            Examples = [new("hello", "greet", [new NluEntity(3, 12, "x", "name")]), new("bye", "goodbye", [])],
        };

        var error = Assert.Throws<RasaFormatException>(() => new NluTrainer().Train(data));
        Assert.Contains("entity 'name' has start 3 and end 12", error.Message);
    }

    [Fact]
    public void An_invalid_regex_feature_is_a_clear_error()
    {
        var data = new NluTrainingData
        {
            Examples = [new("hello", "greet", []), new("bye", "goodbye", [])],
            RegexFeatures = [new RegexFeature("broken", "[0-9")],
        };

        var error = Assert.Throws<RasaFormatException>(() => new NluTrainer().Train(data));
        Assert.Contains("regex feature 'broken'", error.Message);
    }

    [Fact]
    public void Regex_matching_does_not_depend_on_time()
    {
        // (a+)+b backtracks exponentially on a run of a's: a backtracking engine with a timeout gave up on such a
        // text and lost the match at its end (and, on a busy machine, could give up on any text). The
        // non-backtracking engine needs no timeout, so the entity is found and the result is always the same.
        var data = new NluTrainingData
        {
            Examples = [new("aab", "letters", [new NluEntity(0, 3, "aab", "code")]), new("hello there", "greet", [])],
            RegexFeatures = [new RegexFeature("code", "(a+)+b"), new RegexFeature("ahead", "x(?=y)")],
        };
        var parser = new NluTrainer().Train(data).CreateParser();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = parser.Predict(new string('a', 5000) + " c aab");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Contains(result.Entities, e => e is { Entity: "code", Value: "aab", Extractor: "ner_regex" });
        // a lookahead is not supported by that engine and runs on the backtracking one
        Assert.NotNull(parser.Predict("xy").Intent.Name);
    }
}
