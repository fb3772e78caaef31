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
}
