using System.Diagnostics;
using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;
using Xunit.Abstractions;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>
/// Trains one small model with the packaged all-MiniLM-L6-v2 encoder per test class: loading the encoder takes
/// seconds, so it happens once here (and once per process in the product).
/// </summary>
public sealed class SentenceEncoderModelFixture
{
    public static readonly NluTrainingData Data = new()
    {
        Examples =
        [
            new("hello", "greet", []), new("hi there", "greet", []), new("good morning", "greet", []), new("hey", "greet", []),
            new("bye", "goodbye", []), new("see you later", "goodbye", []), new("goodbye", "goodbye", []), new("good night", "goodbye", []),
            new("what's the weather like", "weather", []), new("will it rain tomorrow", "weather", []),
            new("is it cold outside", "weather", []), new("how warm is it today", "weather", []),
            new("book a table for two", "book_table", []), new("reserve a table please", "book_table", []),
            new("i need a table tonight", "book_table", []), new("can i book a table", "book_table", []),
        ],
    };

    public SentenceEncoderModelFixture()
    {
        var watch = Stopwatch.StartNew();
        Model = new NluTrainer(NluPipelineSettings.Default with { SentenceEncoder = SentenceEncoderCatalog.MiniLm }).Train(Data);
        LoadAndTrainTime = watch.Elapsed;
        Plain = new NluTrainer().Train(Data);
    }

    public NluModel Model { get; }

    public NluModel Plain { get; }

    public TimeSpan LoadAndTrainTime { get; }
}

public sealed class SentenceEncoderPipelineTests(SentenceEncoderModelFixture fixture, ITestOutputHelper output)
    : IClassFixture<SentenceEncoderModelFixture>
{
    /// <summary>Messages that share no word with the training examples of their intent.</summary>
    public static TheoryData<string, string> Paraphrases() => new()
    {
        { "farewell", "goodbye" },
        { "could we get seats for dinner", "book_table" },
        { "howdy", "greet" },
        { "make a dinner reservation", "book_table" },
        { "any snow expected", "weather" },
        { "catch you soon", "goodbye" },
    };

    [Fact]
    public void Paraphrases_without_shared_words_find_their_intent_with_the_encoder_and_not_without()
    {
        output.WriteLine($"encoder load + training: {fixture.LoadAndTrainTime.TotalSeconds:0.0} s");
        var withEncoder = fixture.Model.CreateParser();
        var plain = fixture.Plain.CreateParser();
        var missedWithout = 0;
        var missedWith = new List<string>();
        foreach (var (text, intent) in Paraphrases().Select(row => ((string)row[0], (string)row[1])))
        {
            var result = withEncoder.Predict(text);
            output.WriteLine($"{text}: {result.Intent.Name} {result.Intent.Confidence:0.00} / without {plain.Predict(text).Intent.Name}");
            if (result.Intent.Name != intent)
            {
                missedWith.Add($"'{text}' → {result.Intent.Name}");
            }

            missedWithout += plain.Predict(text).Intent.Name == intent ? 0 : 1;
        }

        Assert.True(missedWith.Count == 0, string.Join("; ", missedWith));
        Assert.True(missedWithout >= 2, $"the n-gram pipeline alone missed only {missedWithout}: the test no longer shows what the encoder adds");
    }

    [Fact]
    public void A_saved_model_names_its_encoder_and_loads_with_the_process_wide_instance()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nlu-encoder-" + Guid.NewGuid().ToString("N"));
        try
        {
            fixture.Model.Save(folder);
            var loaded = NluModel.Load(folder);

            Assert.Contains("LanguageModelFeaturizer", File.ReadAllText(Path.Combine(folder, NluModel.ManifestFileName)));
            Assert.Equal(SentenceEncoderCatalog.MiniLm, loaded.Settings.SentenceEncoder);
            Assert.Same(fixture.Model.SentenceEncoder, loaded.SentenceEncoder);
            Assert.Equal(fixture.Model.Fingerprint, loaded.Fingerprint);
            var original = fixture.Model.CreateParser().Predict("any snow expected");
            var copy = loaded.CreateParser().Predict("any snow expected");
            Assert.Equal(original.IntentRanking, copy.IntentRanking);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_model_naming_an_encoder_this_build_lacks_is_refused_with_its_name()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nlu-encoder-" + Guid.NewGuid().ToString("N"));
        try
        {
            fixture.Plain.Save(folder);
            SavedModelFiles.EditData(folder, data => data["settings"]!["sentence_encoder"] = "bert-large");

            var error = Assert.Throws<RasaFormatException>(() => NluModel.Load(folder));
            Assert.Contains("unknown sentence encoder 'bert-large'", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Parsers_on_several_threads_share_the_encoder_and_agree_with_one_thread()
    {
        string[] texts = ["any snow expected", "farewell", "hello", "book a table for four", "is it cold today", "see you"];
        var expected = texts.Select(t => fixture.Model.CreateParser().Predict(t).IntentRanking).ToList();

        var tasks = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var parser = fixture.Model.CreateParser();
            for (var round = 0; round < 5; round++)
            {
                for (var i = 0; i < texts.Length; i++)
                {
                    var k = (i + worker + round) % texts.Length;
                    Assert.Equal(expected[k], parser.Predict(texts[k]).IntentRanking);
                }
            }
        }));
        await Task.WhenAll(tasks);
    }
}
