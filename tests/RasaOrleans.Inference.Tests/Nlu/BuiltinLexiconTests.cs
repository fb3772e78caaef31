using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class BuiltinLexiconTests
{
    // a weather bot's few examples: the values below are never the ones asked about in the tests
    private const string WeatherData = """
        ## intent:weather
        - what's the weather in [paris](city) [tomorrow](time)
        - will it rain in [Berlin](city) [next week](time)
        - forecast for [Chicago](city) [at 5 pm](time)
        - is it sunny in [france](country) [this weekend](time)
        - weather in [Oregon](state) [in three days](time)
        - how cold will it be in [Madrid](city) [on monday](time)
        - will it snow in [canada](country)
        - what is the forecast in [Texas](state) [on june 3rd](time)
        - is it going to be windy in [Rome](city)
        - give me the weather for [Japan](country) [tonight](time)
        - how hot is it in [Nevada](state) [now](time)
        - weather forecast for [Boston](city) [two hours from now](time)
        """;

    private static List<(string Text, string Name)> Spans(string text)
    {
        var tokens = NluTokenizer.Tokenize(text);
        var classes = new WordClass[tokens.Count];
        var spans = new List<PatternMatch>();
        BuiltinLexicon.English.Match(text, tokens, classes, spans);
        return [.. spans.Select(s => (text[tokens[s.FirstToken].Start..tokens[s.EndToken - 1].End], BuiltinLexicon.SpanNames[s.Pattern]))];
    }

    [Fact]
    public void Finds_place_names_of_every_list_and_whole_time_expressions()
    {
        var spans = Spans("book a table for two in new york on may 2nd, 2030 at 8:15 p.m. or in Lyon, France, or Albany NY");

        Assert.Contains(("new york", "us_state"), spans);
        Assert.Contains(("new york", "city"), spans);
        Assert.Contains(("Lyon", "city"), spans);
        Assert.Contains(("France", "country"), spans);
        Assert.Contains(("NY", "us_state_code"), spans);
        Assert.Contains(("may 2nd, 2030", "time"), spans);
        Assert.Contains(("8:15 p.m.", "time"), spans);
        Assert.DoesNotContain(spans, s => s.Name == "time" && s.Text.Contains("two", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("remind me in six years", "in six years")]
    [InlineData("weather three hours from now please", "three hours from now")]
    [InlineData("open at 18 o'clock", "18 o'clock")]
    [InlineData("meet on 6/13/2039", "6/13/2039")]
    [InlineData("what about next Tues.", "next Tues.")]
    public void Time_expressions_keep_their_own_words_and_drop_the_surrounding_ones(string text, string expected)
    {
        Assert.Contains((expected, "time"), Spans(text));
    }

    [Fact]
    public void Postal_codes_match_only_in_capitals_and_plain_words_are_no_time()
    {
        Assert.DoesNotContain(Spans("or in the car"), s => s.Name == "us_state_code");
        Assert.Empty(Spans("show me the blue one"));
    }

    [Fact]
    public void The_tagger_finds_places_and_times_its_examples_never_named()
    {
        var parser = new NluTrainer().Train(NluTrainingDataReader.ReadMarkdown(WeatherData)).CreateParser();

        var result = parser.Predict("will it rain in Lisbon in four days");
        Assert.Contains(result.Entities, e => e.Entity == "city" && e.Value == "Lisbon");
        Assert.Contains(result.Entities, e => e.Entity == "time" && e.Value == "in four days");

        result = parser.Predict("what's the weather in Kenya on august 9th");
        Assert.Contains(result.Entities, e => e.Entity == "country" && e.Value == "Kenya");
        Assert.Contains(result.Entities, e => e.Entity == "time" && e.Value.Contains("august 9th", StringComparison.Ordinal));

        result = parser.Predict("how cold is it in Vermont");
        Assert.Contains(result.Entities, e => e.Entity == "state" && e.Value == "Vermont");
    }

    [Fact]
    public void Models_record_the_lexicon_and_refuse_a_different_one()
    {
        var folder = Directory.CreateTempSubdirectory("nlu-lexicon-").FullName;
        try
        {
            var model = new NluTrainer().Train(NluTrainingDataReader.ReadMarkdown(WeatherData));
            model.Save(folder);
            var dataFile = Path.Combine(folder, "nlu_data.json");
            Assert.Contains(BuiltinLexicon.English.Version, File.ReadAllText(dataFile));
            Assert.Equal(model.Fingerprint, NluModel.Load(folder).Fingerprint);

            // the same model claiming another lexicon
            SavedModelFiles.EditData(folder, data => data["builtin_lexicon"] = "0000000000000000");

            var error = Assert.Throws<RasaOrleans.Core.RasaFormatException>(() => NluModel.Load(folder));
            Assert.Contains("lexicon", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
