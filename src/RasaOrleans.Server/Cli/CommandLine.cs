using System.CommandLine;
using System.CommandLine.Invocation;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// Parses and runs <c>RasaOrleans.Server &lt;command&gt; [options]</c> with one parser (System.CommandLine) for
/// every command. A first argument that names no command (no argument at all, a flag, or the
/// <c>--Key=Value</c> arguments WebApplicationFactory passes) means <c>run</c>. <c>--help</c> on any command
/// prints its usage to standard output (exit 0); a mistake prints one line to standard error (exit 2).
/// </summary>
public static class CommandLine
{
    /// <summary>Exit code for a command line that cannot be understood (as Python's argparse).</summary>
    public const int UsageError = 2;

    private static readonly string[] RootOnly = ["-h", "--help", "-?", "/?", "/h", "--version"];

    /// <summary>Runs the command named by <paramref name="args"/> on the console and returns the process exit code.</summary>
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command named by <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, Console.In);

    /// <summary>Runs the command named by <paramref name="args"/> with the given streams (<c>shell</c> reads <paramref name="input"/>).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        var parsed = Parse(args, input);
        if (UsageMistake(parsed) is { } mistake)
        {
            error.WriteLine($"error: {mistake} (see `{string.Join(' ', CommandPath(parsed))} --help`)");
            return UsageError;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>Parses a command line; an argument list that starts with a flag (or is empty) is parsed as <c>run</c>.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) => Parse(args, Console.In);

    private static ParseResult Parse(IReadOnlyList<string> args, TextReader input)
    {
        var withCommand = args.Count == 0 || (args[0].StartsWith('-') && !RootOnly.Contains(args[0])) ? ["run", .. args] : args;

        // Response files (@file) are off: a configuration value may start with '@'.
        return CreateRoot(input).Parse(withCommand, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    /// <summary>
    /// The parse error to report (one about a word the parser did not understand first), unless help was asked
    /// for (help wins over mistakes); null when there is none.
    /// </summary>
    internal static string? UsageMistake(ParseResult parsed)
    {
        if (parsed.Errors.Count == 0 || parsed.Action is not ParseErrorAction)
        {
            return null;
        }

        var unmatched = parsed.Errors.FirstOrDefault(e => parsed.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)));
        return (unmatched ?? parsed.Errors[0]).Message;
    }

    /// <summary>Every command, built afresh: adding a command is one line here and a static class in Cli/ with <c>Create()</c>.</summary>
    private static RootCommand CreateRoot(TextReader input) => new("A Rasa-compatible conversation server on Microsoft Orleans.")
    {
        RunCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        ShellCommand.Create(input),
        VisualizeCommand.Create(),
    };

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var path = new Stack<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Push(result.Command is RootCommand ? "RasaOrleans.Server" : result.Command.Name);
        }

        return path;
    }
}
