using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class ConfidenceCalibrationTests
{
    private static readonly string[] s_shared = ["please", "now", "the", "my", "a", "today", "again", "quickly"];
    private static readonly string[] s_words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];

    /// <summary>
    /// Two intents whose messages mix each other's words: a message of intent <c>a</c> draws each keyword from
    /// <c>a</c>'s half of the vocabulary with probability 0.7, else from <c>b</c>'s, so no model can be right much
    /// more often than 70–90% of the time.
    /// </summary>
    private static List<NluExample> NoisyExamples(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<NluExample>();
        for (var i = 0; i < count; i++)
        {
            var intent = i % 2 == 0 ? "a" : "b";
            var words = new List<string>();
            for (var w = 0; w < 3; w++)
            {
                var own = random.NextDouble() < 0.7;
                var fromA = intent == "a" == own;
                words.Add(s_words[(fromA ? 0 : 3) + random.Next(3)] + random.Next(4));
                words.Add(s_shared[random.Next(s_shared.Length)]);
            }

            examples.Add(new NluExample(string.Join(' ', words), intent, []));
        }

        return examples;
    }

    [Fact]
    public void Calibrated_confidences_match_held_out_accuracy_better_and_keep_the_ranking()
    {
        var data = new NluTrainingData { Examples = NoisyExamples(120, seed: 1) };
        var test = NoisyExamples(400, seed: 2);
        var settings = NluPipelineSettings.Default with { IntentClassifier = IntentClassifiers.MaxEnt };
        var calibrated = new NluTrainer(settings).Train(data).CreateParser();
        var raw = new NluTrainer(settings with { CalibrateConfidences = false }).Train(data).CreateParser();

        double Gap(NluParser parser)
        {
            var results = test.Select(e => parser.Predict(e.Text)).ToList();
            var accuracy = results.Zip(test).Count(p => p.First.Intent.Name == p.Second.Intent) / (double)test.Count;
            return Math.Abs(results.Average(r => r.Intent.Confidence) - accuracy);
        }

        foreach (var example in test)
        {
            Assert.Equal(raw.Predict(example.Text).Intent.Name, calibrated.Predict(example.Text).Intent.Name);
        }

        var rawGap = Gap(raw);
        var calibratedGap = Gap(calibrated);
        Assert.True(calibratedGap < rawGap / 2, $"mean confidence − accuracy: calibrated {calibratedGap:0.000}, raw {rawGap:0.000}");
    }

    /// <summary>
    /// Eight intents told apart by one keyword each: the one-vs-rest SVM's raw scores are margins near ±1, whose
    /// softmax over eight intents is unsure (about 0.3) although nearly every message is right; calibration must
    /// bring the confidence up to the held-out accuracy.
    /// </summary>
    [Fact]
    public void The_svm_scores_are_calibrated_into_confidences_near_the_held_out_accuracy()
    {
        string[] keywords = ["weather", "music", "alarm", "timer", "news", "traffic", "recipe", "joke"];
        List<NluExample> Examples(int count, int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, count).Select(i =>
            {
                var k = i % keywords.Length;
                var words = new[] { s_shared[random.Next(s_shared.Length)], keywords[k], s_shared[random.Next(s_shared.Length)] };
                return new NluExample(string.Join(' ', words), $"intent_{k}", []);
            })];
        }

        var data = new NluTrainingData { Examples = Examples(80, seed: 1) };
        var test = Examples(200, seed: 2);
        var calibrated = new NluTrainer().Train(data).CreateParser();
        var raw = new NluTrainer(NluPipelineSettings.Default with { CalibrateConfidences = false }).Train(data).CreateParser();

        (double Accuracy, double Confidence) Measure(NluParser parser)
        {
            var results = test.Select(e => parser.Predict(e.Text)).ToList();
            return (results.Zip(test).Count(p => p.First.Intent.Name == p.Second.Intent) / (double)test.Count, results.Average(r => r.Intent.Confidence));
        }

        var (rawAccuracy, rawConfidence) = Measure(raw);
        var (accuracy, confidence) = Measure(calibrated);
        Assert.Equal(rawAccuracy, accuracy);
        Assert.True(Math.Abs(confidence - accuracy) < Math.Abs(rawConfidence - rawAccuracy) / 2,
            $"accuracy {accuracy:0.000}: calibrated confidence {confidence:0.000}, raw {rawConfidence:0.000}");
    }
}
