namespace RasaOrleans.Testing;

/// <summary>A theory that needs <see cref="SharedFixtures"/>; skipped with a message when the folder is absent.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (!SharedFixtures.IsPresent)
        {
            Skip = SharedFixtures.MissingMessage;
        }
    }
}
