using System.Text.Json.Nodes;
using RasaOrleans.Core;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class NluModelPersistenceTests(RestaurantModelFixture fixture) : IClassFixture<RestaurantModelFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nlu-model-").FullName;

    private static readonly string[] s_texts =
    [
        "hello there", "bye", "yes please", "show me thai food in oslo", "korean restaurants near 90210",
        "restaurants in nyc", "looking for a restaurant in vienna", "",
    ];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Save_and_load_round_trip_gives_the_same_parses()
    {
        fixture.Model.Save(_folder);
        var loaded = NluModel.Load(_folder);

        Assert.Equal(fixture.Model.Fingerprint, loaded.Fingerprint);
        Assert.Equal(fixture.Model.Intents, loaded.Intents);
        Assert.Equal(fixture.Model.Settings, loaded.Settings);
        var original = fixture.Model.CreateParser();
        var copy = loaded.CreateParser();
        foreach (var text in s_texts)
        {
            Assert.Equal(original.Parse(text).ToJsonString(), copy.Parse(text).ToJsonString());
        }
    }

    [Fact]
    public void A_tagger_with_a_gazetteer_round_trips()
    {
        var settings = NluPipelineSettings.Default with { TaggerGazetteer = true };
        var model = new NluTrainer(settings).Train(fixture.Data);
        model.Save(_folder);
        var loaded = NluModel.Load(_folder);

        Assert.Equal(model.Fingerprint, loaded.Fingerprint);
        Assert.Contains("\"gazetteer\"", File.ReadAllText(Path.Combine(_folder, "nlu_data.json")));
        var original = model.CreateParser();
        var copy = loaded.CreateParser();
        foreach (var text in s_texts)
        {
            Assert.Equal(original.Parse(text).ToJsonString(), copy.Parse(text).ToJsonString());
        }
    }

    [Fact]
    public void The_manifest_lists_fingerprint_settings_and_file_hashes()
    {
        fixture.Model.Save(_folder);

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, NluModel.ManifestFileName)))!;
        Assert.Equal(fixture.Model.Fingerprint, (string?)manifest["fingerprint"]);
        Assert.Equal(64, ((string?)manifest["fingerprint"])!.Length);
        Assert.NotNull(manifest["settings"]!["intent_ranking_length"]);
        var files = manifest["files"]!.AsObject();
        Assert.Contains("intent_classifier.bin", files.Select(f => f.Key));
        Assert.Contains("entity_tagger.bin", files.Select(f => f.Key));
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(_folder, f.Key))));
    }

    [Fact]
    public void Loading_a_changed_file_fails_naming_it()
    {
        fixture.Model.Save(_folder);
        var file = Path.Combine(_folder, "intent_classifier.bin");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<RasaFormatException>(() => NluModel.Load(_folder));
        Assert.Equal(file, error.File);
        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void Loading_a_folder_without_a_model_fails_clearly()
    {
        var error = Assert.Throws<RasaFormatException>(() => NluModel.Load(_folder));
        Assert.Contains(NluModel.ManifestFileName, error.Message);
    }
}
