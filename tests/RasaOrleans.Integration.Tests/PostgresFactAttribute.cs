namespace RasaOrleans.Integration.Tests;

/// <summary>
/// A fact that needs a real PostgreSQL: it runs when <c>RASA_TEST_POSTGRES</c> holds an Npgsql connection string
/// (<c>.ci/run</c> starts a throwaway server and sets it) and is reported as skipped otherwise.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The environment variable with the connection string.</summary>
    public const string Variable = "RASA_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = $"needs PostgreSQL: set {Variable} to a connection string (.ci/run starts one)";
        }
    }

    /// <summary>The connection string, or null when the variable is unset or empty.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}
