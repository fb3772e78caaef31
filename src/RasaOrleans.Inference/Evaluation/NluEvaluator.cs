using System.Text.Json.Nodes;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Evaluation;

/// <summary>
/// Evaluates an <see cref="NluModel"/> on labelled test data, as <c>rasa_nlu.evaluate</c> does: per-intent
/// precision, recall, F1 and support with accuracy and macro/weighted averages; per-entity-type scores where an
/// entity counts only if type, start and end all match; the misclassified messages; the confusion matrix.
/// </summary>
public static class NluEvaluator
{
    public static NluEvaluation Evaluate(NluModel model, NluTrainingData testData)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(testData);
        var parser = model.CreateParser();
        var trueIntents = new List<string>();
        var predictedIntents = new List<string>();
        var errors = new JsonArray();
        var entityCounts = new SortedDictionary<string, (int Tp, int Predicted, int Gold)>(StringComparer.Ordinal);
        var entityExamples = 0;
        foreach (var example in testData.Examples)
        {
            var result = parser.Predict(example.Text);
            if (example.Intent is not null)
            {
                trueIntents.Add(example.Intent);
                predictedIntents.Add(result.Intent.Name);
                if (result.Intent.Name != example.Intent)
                {
                    errors.Add(new JsonObject
                    {
                        ["text"] = example.Text,
                        ["intent"] = example.Intent,
                        ["intent_prediction"] = new JsonObject
                        {
                            ["name"] = result.Intent.Name,
                            ["confidence"] = result.Intent.Confidence,
                        },
                    });
                }
            }

            entityExamples += example.Entities.Count > 0 ? 1 : 0;
            var expected = example.Entities.Select(e => (e.Entity, e.Start, e.End)).ToList();
            foreach (var entity in result.Entities)
            {
                var hit = expected.Remove((entity.Entity, entity.Start, entity.End));
                var c = entityCounts.GetValueOrDefault(entity.Entity);
                entityCounts[entity.Entity] = (c.Tp + (hit ? 1 : 0), c.Predicted + 1, c.Gold);
            }

            foreach (var entity in example.Entities)
            {
                var c = entityCounts.GetValueOrDefault(entity.Entity);
                entityCounts[entity.Entity] = (c.Tp, c.Predicted, c.Gold + 1);
            }
        }

        var labels = trueIntents.Concat(predictedIntents).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var counts = new int[labels.Count, labels.Count];
        for (var i = 0; i < trueIntents.Count; i++)
        {
            counts[index[trueIntents[i]], index[predictedIntents[i]]]++;
        }

        var intentScores = new SortedDictionary<string, (int Tp, int Predicted, int Gold)>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            int predicted = 0, gold = 0;
            for (var j = 0; j < labels.Count; j++)
            {
                predicted += counts[j, i];
                gold += counts[i, j];
            }

            intentScores[labels[i]] = (counts[i, i], predicted, gold);
        }

        var correct = Enumerable.Range(0, labels.Count).Sum(i => counts[i, i]);
        var intentReport = Report(intentScores);
        var accuracy = trueIntents.Count == 0 ? 0.0 : correct / (double)trueIntents.Count;
        var ordered = new JsonObject();
        foreach (var (key, value) in intentReport)
        {
            if (key == "macro avg")
            {
                ordered["accuracy"] = accuracy;
            }

            ordered[key] = value?.DeepClone();
        }

        var entityReport = Report(entityCounts);
        var micro = entityCounts.Values.Aggregate((Tp: 0, Predicted: 0, Gold: 0),
            (a, c) => (a.Tp + c.Tp, a.Predicted + c.Predicted, a.Gold + c.Gold));
        entityReport["micro avg"] = Scores(micro.Tp, micro.Predicted, micro.Gold);
        return new NluEvaluation(ordered, entityReport, errors, new ConfusionMatrix(labels, counts), trueIntents.Count, entityExamples);
    }

    /// <summary>scikit-learn's classification_report as a dict: per label, then macro and weighted averages.</summary>
    private static JsonObject Report(SortedDictionary<string, (int Tp, int Predicted, int Gold)> counts)
    {
        var report = new JsonObject();
        double macroP = 0, macroR = 0, macroF = 0, weightedP = 0, weightedR = 0, weightedF = 0;
        var support = 0;
        foreach (var (label, (tp, predicted, gold)) in counts)
        {
            var (p, r, f) = Prf(tp, predicted, gold);
            report[label] = Scores(tp, predicted, gold);
            macroP += p;
            macroR += r;
            macroF += f;
            weightedP += p * gold;
            weightedR += r * gold;
            weightedF += f * gold;
            support += gold;
        }

        var n = Math.Max(1, counts.Count);
        var w = Math.Max(1, support);
        report["macro avg"] = Row(macroP / n, macroR / n, macroF / n, support);
        report["weighted avg"] = Row(weightedP / w, weightedR / w, weightedF / w, support);
        return report;
    }

    private static JsonObject Scores(int tp, int predicted, int gold)
    {
        var (p, r, f) = Prf(tp, predicted, gold);
        return Row(p, r, f, gold);
    }

    private static JsonObject Row(double precision, double recall, double f1, int support) => new()
    {
        ["precision"] = precision,
        ["recall"] = recall,
        ["f1-score"] = f1,
        ["support"] = support,
    };

    private static (double Precision, double Recall, double F1) Prf(int tp, int predicted, int gold)
    {
        var p = predicted == 0 ? 0 : tp / (double)predicted;
        var r = gold == 0 ? 0 : tp / (double)gold;
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }
}
