using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Evaluation;

/// <summary>The outcome of <see cref="StoryEvaluator"/>: per-story results and the totals Rasa reports.</summary>
public sealed class StoryEvaluation(IReadOnlyList<StoryResult> stories)
{
    public IReadOnlyList<StoryResult> Stories { get; } = stories;

    public IEnumerable<ActionCheck> Checks => Stories.SelectMany(s => s.Checks);

    public int ActionCount => Stories.Sum(s => s.Checks.Count);

    public int CorrectActions => Stories.Sum(s => s.Checks.Count(c => c.IsCorrect));

    public double ActionAccuracy => ActionCount == 0 ? 0 : (double)CorrectActions / ActionCount;

    public int CorrectStories => Stories.Count(s => s.IsCorrect);

    public double StoryAccuracy => Stories.Count == 0 ? 0 : (double)CorrectStories / Stories.Count;

    public ClassificationReport Report() => ClassificationReport.From(Checks.Select(c => (c.Expected, c.Predicted)));

    /// <summary>The summary written as <c>results.json</c>.</summary>
    public JsonObject SummaryJson() => new()
    {
        ["actions"] = ActionCount,
        ["correct_actions"] = CorrectActions,
        ["action_accuracy"] = ActionAccuracy,
        ["stories"] = Stories.Count,
        ["correct_stories"] = CorrectStories,
        ["story_accuracy"] = StoryAccuracy,
    };
}
