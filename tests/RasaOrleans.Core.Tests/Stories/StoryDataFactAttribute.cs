namespace RasaOrleans.Core.Tests.Stories;

/// <summary>A fact that needs the shared example data; skipped with a reason when it is absent.</summary>
public sealed class StoryDataFactAttribute : FactAttribute
{
    public StoryDataFactAttribute()
    {
        if (StoryFixtures.Shared is null)
        {
            Skip = StoryFixtures.MissingMessage;
        }
    }
}
