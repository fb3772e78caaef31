using RasaOrleans.Server.Cli;

namespace RasaOrleans.Server.Tests;

/// <summary>greetbot's NLU model, trained for tests from <c>models/greetbot/data/nlu.md</c> with the real <c>train --nlu</c> step.</summary>
public static class GreetbotNlu
{
    public static string TrainingData => Path.Combine(RepositoryRoot(), "models", "greetbot", "data", "nlu.md");

    /// <summary>Trains into <c><paramref name="modelDirectory"/>/nlu/</c> (as <c>train --nlu</c> does); returns <paramref name="modelDirectory"/>.</summary>
    public static string TrainInto(string modelDirectory)
    {
        TrainNluStep.TrainAndSave(TrainingData, null, modelDirectory, TextWriter.Null);
        return modelDirectory;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RasaOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (RasaOrleans.sln) above " + AppContext.BaseDirectory);
    }
}
