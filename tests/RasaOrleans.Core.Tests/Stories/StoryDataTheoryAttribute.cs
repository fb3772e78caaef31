namespace RasaOrleans.Core.Tests.Stories;

/// <summary>A theory that needs the shared example data; skipped with a reason when it is absent.</summary>
public sealed class StoryDataTheoryAttribute : TheoryAttribute
{
    public StoryDataTheoryAttribute()
    {
        if (StoryFixtures.Shared is null)
        {
            Skip = StoryFixtures.MissingMessage;
        }
    }
}
