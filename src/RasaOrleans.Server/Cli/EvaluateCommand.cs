using System.CommandLine;

namespace RasaOrleans.Server.Cli;

/// <summary><c>evaluate core …</c> (dialogue policies against test stories) and <c>evaluate nlu …</c> (the NLU model against test data).</summary>
public static class EvaluateCommand
{
    /// <summary>The <c>evaluate</c> command with its two subcommands.</summary>
    internal static Command Create() => new("evaluate", "Evaluate a model on test data: its policies (core) or its NLU model (nlu).")
    {
        EvaluateCoreCommand.Create(),
        EvaluateNluCommand.Create(),
    };
}
