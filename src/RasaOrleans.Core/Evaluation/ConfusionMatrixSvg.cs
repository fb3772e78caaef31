using System.Globalization;
using System.Security;
using System.Text;

namespace RasaOrleans.Core.Evaluation;

/// <summary>Draws confusion matrices (dialogue actions, NLU intents) as SVG a person can read.</summary>
public static class ConfusionMatrixSvg
{
    private const int TitleFont = 16;

    /// <summary>
    /// A confusion matrix (rows: true labels, columns: predicted labels) as a self-contained SVG: labelled
    /// axes, the count in every non-empty cell, and cells shaded by their share of the row (so a weak class's
    /// mistakes are as visible as a big class's). Cell and font sizes shrink as labels grow so that 20–60 labels
    /// stay readable.
    /// </summary>
    public static string Render(IReadOnlyList<string> labels, int[,] counts, string title)
    {
        var n = labels.Count;
        var cell = n <= 12 ? 40 : n <= 25 ? 28 : n <= 40 ? 20 : 15;
        var font = n <= 25 ? 12 : n <= 40 ? 10 : 8;
        var countFont = Math.Max(7, Math.Min(font, cell / 2));
        var longest = labels.Count == 0 ? 4 : labels.Max(l => l.Length);
        var labelSpace = (int)(Math.Min(longest, 40) * font * 0.62) + 12;
        var left = labelSpace + 30;
        var top = labelSpace + 60;
        // wide enough for the title too (16 px bold: about 0.66 em a character), which is centred on the whole drawing
        var width = Math.Max(left + n * cell + 30, (int)Math.Ceiling(title.Length * TitleFont * 0.66) + 40);
        var height = top + n * cell + 30;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{width / 2}\" y=\"22\" font-size=\"{TitleFont}\" font-weight=\"bold\" text-anchor=\"middle\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{left + n * cell / 2}\" y=\"46\" font-size=\"13\" text-anchor=\"middle\">Predicted label</text>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"16\" y=\"{top + n * cell / 2}\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 16 {top + n * cell / 2})\">True label</text>\n");

        for (var i = 0; i < n; i++)
        {
            var label = Escape(Shorten(labels[i]));
            var y = top + i * cell + cell / 2 + font / 3;
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{left - 6}\" y=\"{y}\" font-size=\"{font}\" text-anchor=\"end\">{label}</text>\n");
            var x = left + i * cell + cell / 2 + font / 3;
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x}\" y=\"{top - 6}\" font-size=\"{font}\" text-anchor=\"start\" transform=\"rotate(-90 {x} {top - 6})\">{label}</text>\n");
        }

        for (var i = 0; i < n; i++)
        {
            var rowTotal = 0;
            for (var j = 0; j < n; j++)
            {
                rowTotal += counts[i, j];
            }

            for (var j = 0; j < n; j++)
            {
                var count = counts[i, j];
                var share = rowTotal == 0 ? 0 : count / (double)rowTotal;
                var x = left + j * cell;
                var y = top + i * cell;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{Shade(share, i == j)}\" stroke=\"#d0d0d0\" stroke-width=\"0.5\"/>\n");
                if (count > 0)
                {
                    var color = share > 0.5 ? "white" : "black";
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<text x=\"{x + cell / 2}\" y=\"{y + cell / 2 + countFont / 3}\" font-size=\"{countFont}\" text-anchor=\"middle\" fill=\"{color}\">{count}</text>\n");
                }
            }
        }

        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{left}\" y=\"{top}\" width=\"{n * cell}\" height=\"{n * cell}\" fill=\"none\" stroke=\"#606060\" stroke-width=\"1\"/>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Blue for the diagonal (correct), red off it (mistakes); darker for a larger share of the row.</summary>
    private static string Shade(double share, bool diagonal)
    {
        if (share <= 0)
        {
            return "#ffffff";
        }

        var t = 0.15 + 0.85 * share;
        var (r, g, b) = diagonal ? (33, 102, 172) : (178, 24, 43);
        int Mix(int c) => (int)Math.Round(255 - (255 - c) * t);
        return $"#{Mix(r):x2}{Mix(g):x2}{Mix(b):x2}";
    }

    private static string Shorten(string label) => label.Length <= 40 ? label : label[..37] + "...";

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
