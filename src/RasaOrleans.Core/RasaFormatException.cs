namespace RasaOrleans.Core;

/// <summary>
/// A mistake in a user's file or request (domain, stories, NLU data, events, configuration).
/// The message says what is wrong; <see cref="Source"/> and <see cref="Line"/> say where, when known.
/// </summary>
public sealed class RasaFormatException : Exception
{
    public RasaFormatException(string problem, string? file = null, int? line = null, Exception? inner = null)
        : base(Compose(problem, file, line), inner)
    {
        Problem = problem;
        File = file;
        Line = line;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The file the mistake is in, if it came from a file.</summary>
    public string? File { get; }

    /// <summary>1-based line number, if known.</summary>
    public int? Line { get; }

    private static string Compose(string problem, string? file, int? line) =>
        (file, line) switch
        {
            (null, null) => problem,
            (not null, null) => $"{file}: {problem}",
            (null, not null) => $"line {line}: {problem}",
            _ => $"{file}:{line}: {problem}",
        };
}
