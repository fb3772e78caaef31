using System.Diagnostics;
using System.Globalization;

namespace RasaOrleans.Core.Training;

/// <summary>
/// Progress inside a long training step (an optimizer's iterations and its loss). On an interactive terminal
/// one line is rewritten in place (at most about 20 times a second); otherwise (a file, a pipe, a test) plain
/// lines are written every <see cref="LineEvery"/> iterations, so logs stay short. <see cref="Finish"/> always
/// ends with one plain line: the iteration count and the last loss.
/// </summary>
public sealed class IterationProgress(TextWriter output, bool interactive)
{
    /// <summary>Iterations between two plain lines when the output is not a terminal.</summary>
    public const int LineEvery = 25;

    private readonly Stopwatch _sinceDrawn = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private int _iteration;
    private double _loss = double.NaN;
    private int _width;

    /// <summary>Progress to <paramref name="output"/>, in place when it is the console's standard output and that is a terminal.</summary>
    public static IterationProgress For(TextWriter output) =>
        new(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);

    /// <summary>Iteration <paramref name="iteration"/> of <paramref name="step"/> reached <paramref name="loss"/>.</summary>
    public void Report(string step, int iteration, double loss)
    {
        lock (_lock)
        {
            _iteration = iteration;
            _loss = loss;
            if (interactive)
            {
                if (_sinceDrawn.ElapsedMilliseconds >= 50 || _width == 0)
                {
                    var line = $"  {step}: iteration {iteration}, loss {Format(loss)}";
                    output.Write("\r" + line.PadRight(_width));
                    output.Flush();
                    _width = line.Length;
                    _sinceDrawn.Restart();
                }
            }
            else if (iteration > 0 && iteration % LineEvery == 0)
            {
                output.WriteLine($"  {step}: iteration {iteration}, loss {Format(loss)}");
            }
        }
    }

    /// <summary>The step is over: one closing line (after the in-place line on a terminal).</summary>
    public void Finish(string step)
    {
        lock (_lock)
        {
            var line = $"  {step}: {_iteration} iterations, loss {Format(_loss)}";
            output.WriteLine(interactive ? "\r" + line.PadRight(_width) : line);
            (_iteration, _loss, _width) = (0, double.NaN, 0);
        }
    }

    private static string Format(double loss) => loss.ToString("0.000000", CultureInfo.InvariantCulture);
}
