using System.Text.Json.Nodes;
using RasaOrleans.Core.Evaluation;
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
        var predictions = new JsonArray();
        var entityCounts = new SortedDictionary<string, (int Tp, int Predicted, int Gold)>(StringComparer.Ordinal);
        var entityExamples = 0;
        foreach (var example in testData.Examples)
        {
            var result = parser.Predict(example.Text);
            if (example.Intent is not null)
            {
                trueIntents.Add(example.Intent);
                predictedIntents.Add(result.Intent.Name);
                predictions.Add(new JsonObject
                {
                    ["text"] = example.Text,
                    ["intent"] = example.Intent,
                    ["predicted"] = result.Intent.Name,
                    ["confidence"] = result.Intent.Confidence,
                });
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

        var intents = ClassificationReport.From(trueIntents.Zip(predictedIntents));
        var entityReport = ClassificationReport.ToJson(entityCounts.Select(p => (p.Key, p.Value.Tp, p.Value.Predicted, p.Value.Gold)));
        var micro = entityCounts.Values.Aggregate((Tp: 0, Predicted: 0, Gold: 0),
            (a, c) => (a.Tp + c.Tp, a.Predicted + c.Predicted, a.Gold + c.Gold));
        entityReport["micro avg"] = ClassificationReport.Scores(micro.Tp, micro.Predicted, micro.Gold);
        return new NluEvaluation(intents.ToJson(), entityReport, errors, intents, trueIntents.Count, entityExamples, predictions);
    }
}
