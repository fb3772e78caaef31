using RasaOrleans.Core.Evaluation;
using RasaOrleans.Core.Models;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Inference.Models;
using RasaOrleans.Inference.Nlu;
using RasaOrleans.Server.Cli;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// The committed models are what training their committed sources produces. Files our own code writes
/// (domain, memoization, CRF tagger, NLU data) must be byte-identical; ML.NET's trainers (the intent classifier
/// and the ML policy) round differently on different CPUs (AVX2 against AVX-512 hardware intrinsics), so for
/// those files the committed and the fresh model must make the same decisions on the bot's own data.
/// </summary>
public sealed class ShippedBotModelTests : IDisposable
{
    private readonly TempDirectory _out = new();

    public void Dispose() => _out.Dispose();

    private static bool IsMlNetOutput(string file) =>
        file.EndsWith("/ml_policy.json", StringComparison.Ordinal) || file is "nlu/intent_classifier.bin" or "nlu/nlu_model.json";

    [Theory]
    [InlineData("greetbot")]
    [InlineData("restaurantbot")]
    public void Committed_model_matches_a_fresh_training_of_its_sources(string bot)
    {
        var source = ShippedBots.Folder(bot);
        var output = Path.Combine(_out.Path, bot);
        var committedDirectory = ShippedBots.Model(bot);
        var stories = Path.Combine(source, "data", "stories.md");
        var nlu = Path.Combine(source, "data", "nlu.md");
        var retrain = $"retrain it with `train --domain models/{bot}/domain.yml --stories models/{bot}/data/stories.md --nlu models/{bot}/data/nlu.md --out models/{bot}/model`";

        var manifest = TrainCommand.Train(new TrainOptions(Path.Combine(source, "domain.yml"), stories, nlu, null, output), new StringWriter())!;

        var committed = ModelManifest.FromJson(
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(committedDirectory, ModelManifest.FileName)))!.AsObject(), bot);
        Assert.Equal(committed.Files, manifest.Files);
        var differing = manifest.Files.Where(f => !IsMlNetOutput(f) && !File.ReadAllBytes(Path.Combine(output, f)).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(committedDirectory, f)))).ToList();
        Assert.True(differing.Count == 0, $"models/{bot}/model is stale: {retrain}. Files that differ: {string.Join(", ", differing)}");

        // the intent classifier: the same intent for every training example
        var freshNlu = NluModel.Load(Path.Combine(output, "nlu")).CreateParser();
        var committedNlu = NluModel.Load(Path.Combine(committedDirectory, "nlu")).CreateParser();
        var examples = NluTrainingDataReader.Read(nlu).Examples;
        var intentsDiffer = examples.Where(e => freshNlu.Predict(e.Text).Intent.Name != committedNlu.Predict(e.Text).Intent.Name).Select(e => e.Text).ToList();
        Assert.True(intentsDiffer.Count == 0, $"models/{bot}/model is stale: {retrain}. Its intent classifier differs on: {string.Join(" | ", intentsDiffer)}");

        // every policy: the same best action at every step of every story
        var fresh = DialogueModelLoader.Load(output);
        var old = DialogueModelLoader.Load(committedDirectory);
        var evaluation = new StoryEvaluator(fresh.Domain, fresh.Ensemble).Evaluate(StoryReader.Read(stories));
        var steps = 0;
        foreach (var story in evaluation.Stories)
        {
            foreach (var check in story.Checks)
            {
                var tracker = Tracker.FromEvents("check", fresh.Domain.Slots, story.Events.Take(check.EventIndex));
                for (var p = 0; p < fresh.Ensemble.Policies.Count; p++)
                {
                    var a = fresh.Ensemble.Policies[p].Predict(tracker);
                    var b = old.Ensemble.Policies[p].Predict(tracker);
                    Assert.True(Best(a) == Best(b),
                        $"models/{bot}/model is stale: {retrain}. {fresh.Ensemble.Policies[p].Name} differs in story '{story.Name}' at event {check.EventIndex}");
                    steps++;
                }
            }
        }

        Assert.True(steps > 0);
    }

    private static int Best(double[] scores) => scores.Length == 0 || scores.Max() <= 0 ? -1 : Array.IndexOf(scores, scores.Max());
}
