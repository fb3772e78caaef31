using System.Text.Json.Nodes;
using RasaOrleans.Core.Evaluation;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Tests.Evaluation;

public sealed class EvaluationOutputTests
{
    [Fact]
    public void Failed_story_marks_wrong_predictions_as_rasa_does()
    {
        var events = new List<Event>
        {
            new ActionExecuted("action_listen"),
            new UserUttered("/inform", new JsonObject
            {
                ["intent"] = new JsonObject { ["name"] = "inform", ["confidence"] = 1.0 },
                ["entities"] = new JsonArray(new JsonObject { ["entity"] = "cuisine", ["value"] = "thai" }),
            }),
            new SlotSet("cuisine", "thai"),
            new ActionExecuted("utter_ok"),
            new ActionExecuted("action_listen"),
        };
        var story = new StoryResult("story_1", events,
            [new ActionCheck(3, "utter_ok", "utter_bye"), new ActionCheck(4, "action_listen", "utter_more")]);

        var text = FailedStoryWriter.Write([story]);

        Assert.Equal(
            "## story_1\n" +
            "* inform{\"cuisine\": \"thai\"}\n" +
            "    - slot{\"cuisine\": \"thai\"}\n" +
            "    - utter_ok   <!-- predicted: utter_bye -->\n" +
            "    - action_listen   <!-- predicted: utter_more -->\n",
            text);
    }

    [Fact]
    public void Report_has_sklearn_keys_and_values()
    {
        var report = ClassificationReport.From([("a", "a"), ("a", "b"), ("b", "b"), ("c", "b")]);

        var json = report.ToJson();

        Assert.Equal(["a", "b", "c"], report.Labels);
        Assert.Equal(1.0, json["a"]!["precision"]!.GetValue<double>());
        Assert.Equal(0.5, json["a"]!["recall"]!.GetValue<double>());
        Assert.Equal(2, json["a"]!["support"]!.GetValue<int>());
        Assert.Equal(1.0 / 3, json["b"]!["precision"]!.GetValue<double>(), 1e-12);
        Assert.Equal(0.5, json["b"]!["f1-score"]!.GetValue<double>(), 1e-12);
        Assert.Equal(0.0, json["c"]!["f1-score"]!.GetValue<double>());
        Assert.Equal(0.5, json["accuracy"]!.GetValue<double>());
        Assert.Equal(4, json["weighted avg"]!["support"]!.GetValue<int>());
        Assert.Equal(1, report.Matrix[2, 1]);
    }

    [Fact]
    public void Confusion_matrix_svg_has_a_cell_per_label_pair_and_escapes_labels()
    {
        var report = ClassificationReport.From([("a<b", "a<b"), ("c", "a<b")]);

        var svg = ConfusionMatrixSvg.Render(report.Labels, report.Matrix, "t");

        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg);
        Assert.Equal(4, svg.Split("stroke-width=\"0.5\"").Length - 1); // one cell per (true, predicted) pair
        Assert.Contains("a&lt;b", svg);
        Assert.DoesNotContain("a<b", svg);
    }

    [Fact]
    public void A_long_title_over_a_small_matrix_is_not_clipped()
    {
        const string title = "Intent confusion matrix (12 messages, accuracy 0.917)"; // what evaluate nlu writes
        var report = ClassificationReport.From([("greet", "greet"), ("bye", "greet")]);

        var svg = System.Xml.Linq.XDocument.Parse(ConfusionMatrixSvg.Render(report.Labels, report.Matrix, title)).Root!;

        var width = double.Parse((string)svg.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        var heading = svg.Elements().Single(e => e.Value == title);
        var centre = double.Parse((string)heading.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture);
        var halfText = title.Length * 16 * 0.6 / 2; // DejaVu Sans Bold is about 0.6–0.65 em a character
        Assert.True(centre - halfText >= 0 && centre + halfText <= width, $"title {centre - halfText}..{centre + halfText} in a {width} px wide drawing");
    }
}
