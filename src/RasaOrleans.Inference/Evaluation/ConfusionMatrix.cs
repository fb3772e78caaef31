using RasaOrleans.Core.Evaluation;

namespace RasaOrleans.Inference.Evaluation;

/// <summary>Counts of (true label, predicted label) pairs; rows are true labels, columns predictions.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    public ConfusionMatrix(IReadOnlyList<string> labels, int[,] counts)
    {
        if (counts.GetLength(0) != labels.Count || counts.GetLength(1) != labels.Count)
        {
            throw new ArgumentException("counts must be labels × labels", nameof(counts));
        }

        Labels = labels;
        _counts = counts;
    }

    public IReadOnlyList<string> Labels { get; }

    public int this[int trueLabel, int predictedLabel] => _counts[trueLabel, predictedLabel];

    /// <summary>The matrix as SVG (see <see cref="ConfusionMatrixSvg.Render"/>).</summary>
    public string ToSvg(string title) => ConfusionMatrixSvg.Render(Labels, _counts, title);
}
