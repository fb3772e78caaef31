using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class CrfTaggerTests(RestaurantModelFixture fixture) : IClassFixture<RestaurantModelFixture>
{
    [Fact]
    public void Lbfgs_finds_the_minimum_of_the_rosenbrock_function()
    {
        var x = new[] { -1.2, 1.0 };
        Lbfgs.Minimize((w, g) =>
        {
            g[0] = -2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] * w[0]);
            g[1] = 200 * (w[1] - w[0] * w[0]);
            return (1 - w[0]) * (1 - w[0]) + 100 * (w[1] - w[0] * w[0]) * (w[1] - w[0] * w[0]);
        }, x, maxIterations: 500, tolerance: 1e-12);

        Assert.Equal(1.0, x[0], 3);
        Assert.Equal(1.0, x[1], 3);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(4f)]
    public void The_training_gradient_matches_finite_differences_of_the_loss(float missCost)
    {
        // three entity types (7 tags), random sparse features, gold tags that respect BIO
        var random = new Random(11);
        var sequences = new List<CrfTrainer.Sequence>();
        for (var s = 0; s < 6; s++)
        {
            var n = random.Next(1, 6);
            var keys = new ulong[n][];
            var values = new float[n][];
            var tags = new int[n];
            for (var t = 0; t < n; t++)
            {
                keys[t] = [.. Enumerable.Range(0, 3).Select(_ => (ulong)random.Next(0, 8)).Distinct()];
                values[t] = [.. keys[t].Select(_ => (float)(0.5 + random.NextDouble()))];
                var previous = t == 0 ? 7 : tags[t - 1];
                do
                {
                    tags[t] = random.Next(0, 7);
                }
                while (!EntityTagger.IsAllowed(previous, tags[t], 7));
            }

            sequences.Add(new CrfTrainer.Sequence(keys, values, tags));
        }

        var objective = new CrfTrainer.Objective(sequences, classes: 7, l2: 0.1f, missCost);
        var w = Enumerable.Range(0, objective.ParameterCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[w.Length];
        objective.Evaluate(w, gradient);
        var scratch = new double[w.Length];
        const double h = 1e-5;
        for (var i = 0; i < w.Length; i++)
        {
            var saved = w[i];
            w[i] = saved + h;
            var up = objective.Evaluate(w, scratch);
            w[i] = saved - h;
            var down = objective.Evaluate(w, scratch);
            w[i] = saved;
            Assert.Equal((up - down) / (2 * h), gradient[i], 5);
        }
    }

    [Fact]
    public void Decoding_gives_the_best_sequence_and_the_marginals_that_enumerating_all_sequences_gives()
    {
        // two entity types: O, B-a, I-a, B-b, I-b; random emissions and transitions
        string[] types = ["a", "b"];
        var labels = EntityTagger.TagNames(types);
        var classes = labels.Length;
        var random = new Random(7);
        var keys = new ulong[classes + 1];
        var weights = new float[keys.Length * classes];
        for (var p = 0; p <= classes; p++)
        {
            keys[p] = EntityTagger.PreviousTagFeature(p, classes);
            for (var c = 0; c < classes; c++)
            {
                weights[p * classes + c] = EntityTagger.IsAllowed(p, c, classes) ? (float)(random.NextDouble() * 4 - 2) : -1e4f;
            }
        }

        var tagger = new EntityTagger(new LinearClassifier(labels, keys, weights, new float[classes]), types, conditionalRandomField: true);
        const int n = 4;
        var scores = Enumerable.Range(0, n * classes).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        var tags = new int[n];
        var confidence = new float[n];
        tagger.DecodeCrf(scores, n, tags, confidence, new float[4 * n * classes + 2 * classes + 1], new int[n * classes]);

        // brute force over all 5^4 sequences that respect BIO
        var best = double.NegativeInfinity;
        int[] bestTags = [];
        var z = 0.0;
        var marginal = new double[n, classes];
        var sequence = new int[n];
        for (var code = 0; code < (int)Math.Pow(classes, n); code++)
        {
            var rest = code;
            for (var t = 0; t < n; t++)
            {
                sequence[t] = rest % classes;
                rest /= classes;
            }

            var valid = true;
            var score = 0.0;
            for (var t = 0; t < n; t++)
            {
                var previous = t == 0 ? classes : sequence[t - 1];
                valid &= EntityTagger.IsAllowed(previous, sequence[t], classes);
                score += scores[t * classes + sequence[t]] + weights[previous * classes + sequence[t]];
            }

            if (!valid)
            {
                continue;
            }

            if (score > best)
            {
                best = score;
                bestTags = [.. sequence];
            }

            z += Math.Exp(score);
            for (var t = 0; t < n; t++)
            {
                marginal[t, sequence[t]] += Math.Exp(score);
            }
        }

        Assert.Equal(bestTags, tags);
        for (var t = 0; t < n; t++)
        {
            Assert.Equal(marginal[t, tags[t]] / z, confidence[t], 4);
        }
    }

    [Fact]
    public void The_default_tagger_is_a_crf_that_learns_its_training_examples()
    {
        Assert.True(fixture.Model.Settings.TaggerCrf);
        var parser = fixture.Model.CreateParser();
        var taught = 0;
        var total = 0;
        foreach (var example in fixture.Data.Examples.Where(e => e.Entities.Count > 0))
        {
            var found = parser.Predict(example.Text).Entities.Select(e => (e.Start, e.End, e.Entity)).ToHashSet();
            total += example.Entities.Count;
            taught += example.Entities.Count(e => found.Contains((e.Start, e.End, e.Entity)));
        }

        Assert.True(taught >= total * 0.95, $"{taught} of {total} training entities found again");
    }

    [Fact]
    public void A_model_saved_before_the_crf_and_the_lexicon_existed_loads_and_parses_as_before()
    {
        var settings = NluPipelineSettings.Default with { TaggerCrf = false, UseBuiltinLexicon = false };
        var model = new NluTrainer(settings).Train(fixture.Data);
        var folder = Directory.CreateTempSubdirectory("nlu-old-").FullName;
        try
        {
            model.Save(folder);
            // remove what older builds did not write
            SavedModelFiles.EditData(folder, data =>
            {
                var stored = data["settings"]!.AsObject();
                foreach (var key in new[] { "tagger_crf", "crf_l2", "crf_miss_cost", "crf_max_iterations", "use_builtin_lexicon" })
                {
                    Assert.True(stored.Remove(key), key);
                }
            });

            var loaded = NluModel.Load(folder);
            Assert.False(loaded.Settings.TaggerCrf);
            Assert.False(loaded.Settings.UseBuiltinLexicon);
            var before = model.CreateParser();
            var after = loaded.CreateParser();
            foreach (var text in new[] { "show me thai food in oslo", "korean restaurants near 90210", "i want mexican food" })
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
