namespace RasaOrleans.Server.Cli;

/// <summary>
/// Dispatches <c>rasa-orleans &lt;command&gt; [options]</c>. A first argument that names no command (no
/// argument at all, a flag, or the <c>--key=value</c> arguments WebApplicationFactory passes) means <c>run</c>.
/// </summary>
public static class CommandLine
{
    /// <summary>Exit code for a command line that cannot be understood (as Python's argparse).</summary>
    public const int UsageError = 2;

    // Adding a command is one line here: a static class in Cli/ with `static int Run(string[] args)`.
    private static readonly Command[] Commands =
    [
        new("run", "serve the Rasa Core HTTP API (the default command)", RunCommand.Run),
        new("train", "train a dialogue (and NLU) model from a domain, stories and NLU data", TrainCommand.Run),
        new("evaluate", "evaluate a model: `evaluate core` replays test stories through its policies", EvaluateCommand.Run),
    ];

    /// <summary>Runs the command named by <paramref name="args"/> and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        if (args is ["-h" or "--help" or "help", ..])
        {
            PrintUsage(Console.Out);
            return 0;
        }

        var command = args.Length > 0 ? Array.Find(Commands, c => c.Name == args[0]) : null;
        return command is null ? RunCommand.Run(args) : command.Run(args[1..]);
    }

    /// <summary>Prints the usage message, the options of <c>run</c> included.</summary>
    public static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: RasaOrleans.Server <command> [options]");
        writer.WriteLine();
        writer.WriteLine("commands:");
        foreach (var command in Commands)
        {
            writer.WriteLine($"  {command.Name,-10} {command.Summary}");
        }

        writer.WriteLine();
        writer.WriteLine("run with `<command> --help` for the options of a command.");
        writer.WriteLine();
        RunCommand.PrintUsage(writer);
    }

    private sealed record Command(string Name, string Summary, Func<string[], int> Run);
}
