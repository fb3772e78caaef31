using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;
using Xunit.Abstractions;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>
/// Two taggers trained on the same few restaurant requests naming four cuisines, with and without the encoder's
/// token vectors (trained once per class: the encoder is loaded once per process).
/// </summary>
public sealed class TokenVectorModelFixture
{
    private static readonly string[] s_cuisines = ["thai", "italian", "mexican", "chinese"];

    private static readonly string[] s_templates =
    [
        "i love {0} food", "book a {0} restaurant for tonight", "are there any good {0} places nearby",
        "we want {0} cuisine", "show me {0} restaurants", "find a table at a {0} place",
    ];

    public TokenVectorModelFixture()
    {
        var examples = new List<NluExample>();
        foreach (var (template, k) in s_templates.Select((t, k) => (t, k)))
        {
            // each template with two of the cuisines, so that words and contexts vary
            foreach (var cuisine in new[] { s_cuisines[k % 4], s_cuisines[(k + 1) % 4] })
            {
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, cuisine);
                var start = text.IndexOf(cuisine, StringComparison.Ordinal);
                examples.Add(new NluExample(text, "find_restaurant", [new NluEntity(start, start + cuisine.Length, cuisine, "cuisine")]));
            }
        }

        examples.AddRange(new[] { "hello", "hi there", "good morning", "thanks a lot", "bye" }.Select(t => new NluExample(t, "chitchat", [])));
        Data = new NluTrainingData { Examples = examples };
        // the template's tagger settings, and the same without the vectors
        var embeddings = NluPipelineSettings.PretrainedEmbeddings with { FallbackThreshold = null };
        WithVectors = new NluTrainer(embeddings).Train(Data);
        Without = new NluTrainer(embeddings with { TaggerTokenVectors = false }).Train(Data);
    }

    public NluTrainingData Data { get; }

    public NluModel WithVectors { get; }

    public NluModel Without { get; }
}

public sealed class TokenVectorTaggerTests(TokenVectorModelFixture fixture, ITestOutputHelper output) : IClassFixture<TokenVectorModelFixture>
{
    /// <summary>Cuisines that no training example names, in wordings no training example used.</summary>
    private static readonly (string Text, string Value)[] s_unseen =
    [
        ("what about korean", "korean"), ("greek sounds good", "greek"), ("do they serve vietnamese dishes", "vietnamese"),
        ("i am craving indian tonight", "indian"), ("something french please", "french"), ("japanese would be nice", "japanese"),
        ("how about lebanese", "lebanese"), ("is ethiopian an option", "ethiopian"),
    ];

    [Fact]
    public void Cuisines_never_seen_in_training_are_found_with_token_vectors_and_less_often_without()
    {
        var with = Found(fixture.WithVectors.CreateParser());
        var without = Found(fixture.Without.CreateParser());
        output.WriteLine($"with token vectors {with}/{s_unseen.Length}, without {without}/{s_unseen.Length}");

        Assert.True(with >= 6, $"with token vectors only {with} of {s_unseen.Length} unseen cuisines were found");
        Assert.True(with - without >= 3, $"without token vectors {without} were found too: the test no longer shows what they add");
    }

    [Fact]
    public void Words_that_are_no_cuisine_are_not_tagged()
    {
        var parser = fixture.WithVectors.CreateParser();
        foreach (var text in new[] { "hello", "thanks a lot", "show me restaurants", "i love food" })
        {
            Assert.Empty(parser.Predict(text).Entities);
        }
    }

    [Fact]
    public void The_setting_is_saved_with_the_model_and_a_loaded_model_tags_the_same()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nlu-token-vectors-" + Guid.NewGuid().ToString("N"));
        try
        {
            fixture.WithVectors.Save(folder);
            var loaded = NluModel.Load(folder);

            Assert.True(loaded.Settings.TaggerTokenVectors);
            Assert.Equal(fixture.WithVectors.Fingerprint, loaded.Fingerprint);
            var parser = loaded.CreateParser();
            var original = fixture.WithVectors.CreateParser();
            foreach (var (text, _) in s_unseen)
            {
                Assert.Equal(original.Predict(text).Entities, parser.Predict(text).Entities);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Token_vectors_without_an_encoder_are_refused_with_a_reason()
    {
        var error = Assert.Throws<RasaFormatException>(() =>
            new NluTrainer(NluPipelineSettings.Default with { TaggerTokenVectors = true }).Train(fixture.Data));
        Assert.Contains("tagger_token_vectors needs a sentence encoder", error.Message);
    }

    private int Found(NluParser parser)
    {
        var found = 0;
        foreach (var (text, value) in s_unseen)
        {
            var entities = parser.Predict(text).Entities;
            output.WriteLine($"{text}: {string.Join(", ", entities.Select(e => $"{e.Entity}={e.Value}"))}");
            found += entities.Any(e => e.Entity == "cuisine" && e.Value == value) ? 1 : 0;
        }

        return found;
    }
}
