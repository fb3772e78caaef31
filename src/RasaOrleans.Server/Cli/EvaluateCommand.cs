namespace RasaOrleans.Server.Cli;

/// <summary><c>evaluate core …</c> (dialogue policies against test stories) and <c>evaluate nlu …</c> (the NLU model against test data).</summary>
public static class EvaluateCommand
{
    public const string Usage =
        "usage: evaluate core --model <model dir> --stories <file or folder> --out <dir>\n" +
        "       evaluate nlu --model <model or nlu dir> --data <file or folder> --out <dir>";

    public static int Run(string[] args) => args switch
    {
        ["core", .. var rest] => EvaluateCoreCommand.Run(rest),
        ["nlu", .. var rest] => EvaluateNluCommand.Run(rest),
        _ => Fail(),
    };

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return CommandLine.UsageError;
    }
}
