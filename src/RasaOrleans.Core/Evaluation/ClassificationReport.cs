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

    /// <summary>Per label, then <c>accuracy</c>, <c>macro avg</c> and <c>weighted avg</c>.</summary>
    public JsonObject ToJson()
    {
        var n = Labels.Count;
        var counts = new List<(string Label, int Tp, int Predicted, int Gold)>(n);
        var correct = 0;
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            int predicted = 0, gold = 0;
            for (var j = 0; j < n; j++)
            {
                gold += Matrix[i, j];
                predicted += Matrix[j, i];
            }

            counts.Add((Labels[i], Matrix[i, i], predicted, gold));
            correct += Matrix[i, i];
            total += gold;
        }

        return ToJson(counts, total == 0 ? 0.0 : correct / (double)total);
    }

    /// <summary>
    /// The report from per-label counts (true positives, predictions, gold occurrences): per label, then
    /// <c>accuracy</c> when given, <c>macro avg</c> and <c>weighted avg</c> (weighted by gold support).
    /// </summary>
    public static JsonObject ToJson(IEnumerable<(string Label, int Tp, int Predicted, int Gold)> counts, double? accuracy = null)
    {
        var json = new JsonObject();
        double macroP = 0, macroR = 0, macroF = 0, weightedP = 0, weightedR = 0, weightedF = 0;
        int n = 0, support = 0;
        foreach (var (label, tp, predicted, gold) in counts)
        {
            var (precision, recall, f1) = Prf(tp, predicted, gold);
            json[label] = Entry(precision, recall, f1, gold);
            n++;
            support += gold;
            macroP += precision;
            macroR += recall;
            macroF += f1;
            weightedP += precision * gold;
            weightedR += recall * gold;
            weightedF += f1 * gold;
        }

        if (accuracy is { } value)
        {
            json["accuracy"] = value;
        }

        json["macro avg"] = n == 0 ? Entry(0, 0, 0, 0) : Entry(macroP / n, macroR / n, macroF / n, support);
        json["weighted avg"] = support == 0
            ? Entry(0, 0, 0, 0)
            : Entry(weightedP / support, weightedR / support, weightedF / support, support);
        return json;
    }

    /// <summary>One row (<c>precision</c>, <c>recall</c>, <c>f1-score</c>, <c>support</c>) from counts.</summary>
    public static JsonObject Scores(int tp, int predicted, int gold)
    {
        var (precision, recall, f1) = Prf(tp, predicted, gold);
        return Entry(precision, recall, f1, gold);
    }

    private static (double Precision, double Recall, double F1) Prf(int tp, int predicted, int gold)
    {
        var precision = predicted == 0 ? 0.0 : (double)tp / predicted;
        var recall = gold == 0 ? 0.0 : (double)tp / gold;
        return (precision, recall, precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall));
    }

    private static JsonObject Entry(double precision, double recall, double f1, int support) => new()
    {
        ["precision"] = precision,
        ["recall"] = recall,
        ["f1-score"] = f1,
        ["support"] = support,
    };
}
