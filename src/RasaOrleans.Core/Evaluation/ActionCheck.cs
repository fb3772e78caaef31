namespace RasaOrleans.Core.Evaluation;

/// <summary>One predicted action of a test story: the index of the story's action event, what it was and what was predicted.</summary>
public sealed record ActionCheck(int EventIndex, string Expected, string Predicted)
{
    public bool IsCorrect => Expected == Predicted;
}
