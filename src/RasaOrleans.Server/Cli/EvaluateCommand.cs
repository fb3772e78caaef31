namespace RasaOrleans.Server.Cli;

/// <summary><c>evaluate core ...</c> (dialogue policies against test stories); <c>evaluate nlu</c> is added with the NLU evaluation.</summary>
public static class EvaluateCommand
{
    public const string Usage = "usage: evaluate core --model <model dir> --stories <file or folder> --out <dir>";

    public static int Run(string[] args) => args switch
    {
        ["core", .. var rest] => EvaluateCoreCommand.Run(rest),
        _ => Fail(),
    };

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return CommandLine.UsageError;
    }
}
