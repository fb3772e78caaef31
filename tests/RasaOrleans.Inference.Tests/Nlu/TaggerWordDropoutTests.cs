using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>
/// The tagger's word dropout: a hidden word must look to the tagger exactly like a word it has never seen (no
/// feature may name it, neither its own nor its neighbours'), and models saved before the dropout settings existed
/// must load with the behaviour they were trained with.
/// </summary>
public sealed class TaggerWordDropoutTests
{
    private static List<(ulong, float)> Features(string text, int token, bool hide, bool keepAffixes)
    {
        var tokens = NluTokenizer.Tokenize(text);
        var hidden = hide ? tokens.Select((_, t) => t == 2).ToArray() : null;
        var sink = new HashedFeatures();
        new TokenFeaturizer(null, affixLength: 4, hiddenKeepAffixes: keepAffixes)
            .Featurize(text, tokens, [], token, sink, hidden: hidden);
        return [.. Enumerable.Range(0, sink.Count).Select(i => (sink.Keys[i], sink.Values[i])).Order()];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_hidden_word_is_named_by_no_feature_of_itself_or_its_neighbours(int token)
    {
        // "thai" and "zqxw" have the same shape and length: with the word hidden, nothing may tell them apart
        Assert.Equal(Features("i love thai food", token, hide: true, keepAffixes: false),
            Features("i love zqxw food", token, hide: true, keepAffixes: false));
        Assert.NotEqual(Features("i love thai food", token, hide: false, keepAffixes: false),
            Features("i love zqxw food", token, hide: false, keepAffixes: false));
    }

    [Fact]
    public void A_hidden_word_keeps_its_affixes_when_asked_and_its_neighbours_still_do_not_see_it()
    {
        Assert.NotEqual(Features("i love thai food", 2, hide: true, keepAffixes: true),
            Features("i love zqxw food", 2, hide: true, keepAffixes: true));
        Assert.Equal(Features("i love thai food", 3, hide: true, keepAffixes: true),
            Features("i love zqxw food", 3, hide: true, keepAffixes: true));
    }

    [Fact]
    public void Word_dropout_changes_the_tagger_and_training_stays_deterministic()
    {
        var data = UnseenEntityValueTests.Data(["thai", "italian"], ["oslo", "paris"]);
        var plain = new NluTrainer().Train(data);
        var dropout = new NluTrainer(UnseenEntityValueTests.WordDropout).Train(data);
        var again = new NluTrainer(UnseenEntityValueTests.WordDropout).Train(data);

        Assert.NotEqual(plain.Fingerprint, dropout.Fingerprint);
        Assert.Equal(dropout.Fingerprint, again.Fingerprint);
    }

    [Fact]
    public void A_model_saved_before_word_dropout_existed_loads_with_the_settings_it_was_trained_with()
    {
        var data = UnseenEntityValueTests.Data(["thai", "italian"], ["oslo", "paris"]);
        var model = new NluTrainer(NluPipelineSettings.Default with { TaggerDropoutCopies = false, TaggerDropoutKeepsAffixes = false }).Train(data);
        var folder = Directory.CreateTempSubdirectory("nlu-before-dropout-").FullName;
        try
        {
            model.Save(folder);
            SavedModelFiles.EditData(folder, stored =>
            {
                var settings = stored["settings"]!.AsObject();
                foreach (var key in new[] { "tagger_rare_word_dropout", "tagger_dropout_copies", "tagger_dropout_keeps_affixes", "tagger_identity_scale" })
                {
                    Assert.True(settings.Remove(key), key);
                }
            });

            var loaded = NluModel.Load(folder);
            Assert.Equal(0, loaded.Settings.TaggerRareWordDropout);
            Assert.False(loaded.Settings.TaggerDropoutCopies);
            Assert.False(loaded.Settings.TaggerDropoutKeepsAffixes);
            Assert.Equal(1f, loaded.Settings.TaggerIdentityScale);
            var before = model.CreateParser();
            var after = loaded.CreateParser();
            foreach (var text in new[] { "i love thai food", "a table in vienna", "i want korean food in oslo" })
            {
                Assert.Equal(before.Parse(text).ToJsonString(), after.Parse(text).ToJsonString());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
