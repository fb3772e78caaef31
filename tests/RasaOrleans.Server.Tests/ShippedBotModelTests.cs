using RasaOrleans.Core.Models;
using RasaOrleans.Server.Cli;

namespace RasaOrleans.Server.Tests;

/// <summary>The committed models are exactly what training their committed sources produces.</summary>
public sealed class ShippedBotModelTests : IDisposable
{
    private readonly TempDirectory _out = new();

    public void Dispose() => _out.Dispose();

    [Theory]
    [InlineData("greetbot")]
    [InlineData("restaurantbot")]
    public void Committed_model_matches_a_fresh_training_of_its_sources(string bot)
    {
        var source = ShippedBots.Folder(bot);
        var output = Path.Combine(_out.Path, bot);
        var log = new StringWriter();

        var manifest = TrainCommand.Train(new TrainOptions(
            Path.Combine(source, "domain.yml"), Path.Combine(source, "data", "stories.md"), Path.Combine(source, "data", "nlu.md"), null, output), log)!;

        var committed = ModelManifest.FromJson(
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedBots.Model(bot), ModelManifest.FileName)))!.AsObject(), bot);
        var differing = manifest.Files.Where(f => !File.ReadAllBytes(Path.Combine(output, f)).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(ShippedBots.Model(bot), f)))).ToList();
        Assert.True(committed.Fingerprint == manifest.Fingerprint,
            $"models/{bot}/model is stale: retrain it with `train --domain models/{bot}/domain.yml --stories models/{bot}/data/stories.md " +
            $"--nlu models/{bot}/data/nlu.md --out models/{bot}/model`. Files that differ: {string.Join(", ", differing)}");
    }
}
