using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Tests.Training;

public sealed class IterationProgressTests
{
    [Fact]
    public void Redirected_output_gets_a_plain_line_every_25_iterations_and_a_closing_line()
    {
        var output = new StringWriter();
        var progress = new IterationProgress(output, interactive: false);

        for (var i = 0; i <= 60; i++)
        {
            progress.Report("fit", i, 1.0 / (i + 1));
        }

        progress.Finish("fit");

        Assert.Equal(
            ["  fit: iteration 25, loss 0.038462", "  fit: iteration 50, loss 0.019608", "  fit: 60 iterations, loss 0.016393"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\r', output.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void A_terminal_gets_one_line_rewritten_in_place_then_the_closing_line()
    {
        var output = new StringWriter();
        var progress = new IterationProgress(output, interactive: true);

        progress.Report("entity CRF fit", 1, 12.5);
        progress.Report("entity CRF fit", 2, 3.25);
        progress.Finish("entity CRF fit");

        var text = output.ToString();
        Assert.StartsWith("\r  entity CRF fit: iteration 1, loss 12.500000", text, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
        Assert.EndsWith("\r  entity CRF fit: 2 iterations, loss 3.250000", text.TrimEnd(), StringComparison.Ordinal); // padded over the longer line
        Assert.Single(text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)); // one line on screen
    }
}
