namespace RasaOrleans.Testing;

/// <summary>A fact that needs <see cref="SharedFixtures"/>; skipped with a message when the folder is absent.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (!SharedFixtures.IsPresent)
        {
            Skip = SharedFixtures.MissingMessage;
        }
    }
}
