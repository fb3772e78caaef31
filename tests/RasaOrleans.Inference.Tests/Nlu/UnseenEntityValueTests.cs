using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>
/// Entity values the bot was never trained with, found from their context: a bot taught four cuisines and four
/// cities, each with every phrasing (so the values' own words alone would explain its training data), must extract
/// a fifth from "i love X food" or "a table in X", with the default tagger and with the word-dropout settings
/// that cross-validation chose for unseen values (rare words hidden on copies of the training sentences, own-word
/// features at 0.85).
/// </summary>
public sealed class UnseenEntityValueTests
{
    private static readonly string[] s_cuisines = ["thai", "italian", "mexican", "chinese"];
    private static readonly string[] s_cities = ["oslo", "berlin", "paris", "madrid"];

    private static readonly string[] s_cuisineTemplates =
    [
        "i love {0} food", "i want {0} food", "show me {0} restaurants", "any {0} places around", "we feel like {0} tonight",
        "is there a good {0} restaurant", "find {0} food please", "i am craving {0} food",
    ];

    private static readonly string[] s_cityTemplates =
    [
        "a table in {0}", "book something in {0}", "restaurants in {0} please", "i am staying in {0}", "what is open in {0}",
        "find me a place in {0} tonight",
    ];

    internal static NluTrainingData Data(IReadOnlyList<string> cuisines, IReadOnlyList<string> cities)
    {
        var examples = new List<NluExample>();
        // every value with every phrasing: the values' own words alone would explain the training data
        examples.AddRange(s_cuisineTemplates.SelectMany(t => cuisines.Select(v => Example(t, v, "cuisine", "search"))));
        examples.AddRange(s_cityTemplates.SelectMany(t => cities.Select(v => Example(t, v, "city", "search"))));

        examples.AddRange(new[] { "hello", "hi there", "good morning", "hey" }.Select(t => new NluExample(t, "greet", [])));
        examples.AddRange(new[] { "thanks a lot", "thank you", "great thanks", "cheers" }.Select(t => new NluExample(t, "thank", [])));
        return new NluTrainingData { Examples = examples };
    }

    private static NluExample Example(string template, string value, string entity, string intent)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);
        var start = template.IndexOf("{0}", StringComparison.Ordinal);
        return new NluExample(text, intent, [new NluEntity(start, start + value.Length, value, entity)]);
    }

    internal static NluPipelineSettings WordDropout { get; } = NluPipelineSettings.Default with
    {
        TaggerRareWordDropout = 2,
        TaggerIdentityScale = 0.85f,
    };

    public static TheoryData<bool, string, string, string> UnseenValues()
    {
        var data = new TheoryData<bool, string, string, string>();
        foreach (var dropout in new[] { false, true })
        {
            data.Add(dropout, "i love ethiopian food", "ethiopian", "cuisine");
            data.Add(dropout, "i am craving Korean food", "Korean", "cuisine");
            data.Add(dropout, "a table in lisbon", "lisbon", "city");
            data.Add(dropout, "i want indonesian food in vienna", "vienna", "city");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnseenValues))]
    public void A_value_never_seen_in_training_is_found_from_its_context(bool wordDropout, string text, string value, string entity)
    {
        var parser = new NluTrainer(wordDropout ? WordDropout : null).Train(Data(s_cuisines, s_cities)).CreateParser();

        var found = parser.Predict(text).Entities;

        Assert.Contains(found, e => e.Entity == entity && text[e.Start..e.End] == value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Seen_values_are_still_found_and_context_words_are_not_entities(bool wordDropout)
    {
        var parser = new NluTrainer(wordDropout ? WordDropout : null).Train(Data(s_cuisines, s_cities)).CreateParser();

        var seen = parser.Predict("i love thai food").Entities;
        Assert.Equal([("cuisine", "thai")], seen.Select(e => (e.Entity, "i love thai food"[e.Start..e.End])));
        Assert.Empty(parser.Predict("thank you").Entities);
        Assert.Empty(parser.Predict("good morning").Entities);
    }
}
