using RasaOrleans.Core;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>A classifier file may come from an upload: counts it cannot hold are refused before anything is allocated.</summary>
public sealed class LinearClassifierFileTests
{
    private static byte[] File(params int[] counts)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RONLULC1"u8);
        writer.Write(1);
        foreach (var count in counts)
        {
            writer.Write(count);
        }

        writer.Flush();
        return stream.ToArray();
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void A_label_count_the_file_cannot_hold_is_refused(int labels)
    {
        var e = Assert.Throws<RasaFormatException>(() => LinearClassifier.FromBytes(File(labels), "intent_classifier.bin"));
        Assert.Contains("truncated or damaged", e.Message);
    }

    [Fact]
    public void A_key_count_the_file_cannot_hold_is_refused()
    {
        var e = Assert.Throws<RasaFormatException>(() => LinearClassifier.FromBytes(File(0, 1 << 30), "intent_classifier.bin"));
        Assert.Contains("a count of 1073741824", e.Message);
    }

    [Fact]
    public void A_trained_classifier_still_reads_back()
    {
        var trained = new NluTrainer().Train(new Core.Nlu.NluTrainingData
        {
            Examples = [new("hello", "greet", []), new("bye", "goodbye", [])],
        });

        Assert.Equal("greet", trained.CreateParser().Predict("hello").Intent.Name);
        var copy = LinearClassifier.FromBytes(trained.IntentClassifier!.ToBytes(), "intent_classifier.bin");
        Assert.Equal(trained.IntentClassifier.Labels, copy.Labels);
    }
}
