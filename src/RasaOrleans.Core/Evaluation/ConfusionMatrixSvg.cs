using System.Globalization;
using System.Security;
using System.Text;

namespace RasaOrleans.Core.Evaluation;

/// <summary>
/// Draws a confusion matrix as a self-contained SVG: rows are the expected labels, columns the predicted ones,
/// each cell shaded by its share of the row (white → dark blue) and labelled with its count.
/// </summary>
public static class ConfusionMatrixSvg
{
    private const int Cell = 38;
    private const int FontSize = 11;

    public static string Render(IReadOnlyList<string> labels, int[,] matrix, string title)
    {
        var n = labels.Count;
        var labelWidth = Math.Max(60, labels.Select(l => l.Length).DefaultIfEmpty(0).Max() * 7 + 16);
        var left = labelWidth + 24;
        var top = labelWidth + 48;
        var width = left + n * Cell + 20;
        var height = top + n * Cell + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"{FontSize}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + n * Cell / 2}\" y=\"36\" text-anchor=\"middle\">predicted</text>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"12\" y=\"{top + n * Cell / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {top + n * Cell / 2})\">expected</text>\n");
        for (var i = 0; i < n; i++)
        {
            // Column labels, rotated to read bottom-up just above the grid.
            var cx = left + i * Cell + Cell / 2 + 4;
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{cx}\" y=\"{top - 6}\" text-anchor=\"start\" transform=\"rotate(-90 {cx} {top - 6})\">{Escape(labels[i])}</text>\n");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{left - 6}\" y=\"{top + i * Cell + Cell / 2 + 4}\" text-anchor=\"end\">{Escape(labels[i])}</text>\n");
        }

        for (var r = 0; r < n; r++)
        {
            var rowTotal = 0;
            for (var c = 0; c < n; c++)
            {
                rowTotal += matrix[r, c];
            }

            for (var c = 0; c < n; c++)
            {
                var count = matrix[r, c];
                var share = rowTotal == 0 ? 0.0 : (double)count / rowTotal;
                var x = left + c * Cell;
                var y = top + r * Cell;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x}\" y=\"{y}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{Shade(share)}\" stroke=\"#cccccc\"/>\n");
                if (count > 0)
                {
                    var ink = share > 0.5 ? "white" : "black";
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<text x=\"{x + Cell / 2}\" y=\"{y + Cell / 2 + 4}\" text-anchor=\"middle\" fill=\"{ink}\">{count}</text>\n");
                }
            }
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static string Shade(double share)
    {
        // Linear blend from white to #08306b (matplotlib's "Blues" end).
        static int Mix(int from, int to, double t) => (int)Math.Round(from + (to - from) * t);
        return $"#{Mix(255, 8, share):x2}{Mix(255, 48, share):x2}{Mix(255, 107, share):x2}";
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
