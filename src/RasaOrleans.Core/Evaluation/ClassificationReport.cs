using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Evaluation;

/// <summary>
/// Per-label precision, recall, F1 and support, as scikit-learn's <c>classification_report(output_dict=True)</c>
/// that Rasa writes (<c>"f1-score"</c>, <c>accuracy</c>, <c>macro avg</c>, <c>weighted avg</c>), plus the
/// confusion matrix over the same labels (rows: expected, columns: predicted; labels sorted ordinally).
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<string> labels, int[,] matrix)
    {
        Labels = labels;
        Matrix = matrix;
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Counts: [expected, predicted].</summary>
    public int[,] Matrix { get; }

    public static ClassificationReport From(IEnumerable<(string Expected, string Predicted)> pairs)
    {
        var list = pairs.ToList();
        var labels = list.SelectMany(p => new[] { p.Expected, p.Predicted }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var matrix = new int[labels.Count, labels.Count];
        foreach (var (expected, predicted) in list)
        {
            matrix[index[expected], index[predicted]]++;
        }

        return new ClassificationReport(labels, matrix);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        var n = Labels.Count;
        double total = 0, correct = 0, macroP = 0, macroR = 0, macroF = 0, weightedP = 0, weightedR = 0, weightedF = 0;
        for (var i = 0; i < n; i++)
        {
            int tp = Matrix[i, i], support = 0, predicted = 0;
            for (var j = 0; j < n; j++)
            {
                support += Matrix[i, j];
                predicted += Matrix[j, i];
            }

            var precision = predicted == 0 ? 0.0 : (double)tp / predicted;
            var recall = support == 0 ? 0.0 : (double)tp / support;
            var f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            json[Labels[i]] = Entry(precision, recall, f1, support);
            total += support;
            correct += tp;
            macroP += precision;
            macroR += recall;
            macroF += f1;
            weightedP += precision * support;
            weightedR += recall * support;
            weightedF += f1 * support;
        }

        json["accuracy"] = total == 0 ? 0.0 : correct / total;
        json["macro avg"] = n == 0 ? Entry(0, 0, 0, 0) : Entry(macroP / n, macroR / n, macroF / n, (int)total);
        json["weighted avg"] = total == 0 ? Entry(0, 0, 0, 0) : Entry(weightedP / total, weightedR / total, weightedF / total, (int)total);
        return json;

        static JsonObject Entry(double precision, double recall, double f1, int support) => new()
        {
            ["precision"] = precision,
            ["recall"] = recall,
            ["f1-score"] = f1,
            ["support"] = support,
        };
    }
}
