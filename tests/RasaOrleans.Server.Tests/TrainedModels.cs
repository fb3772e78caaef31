using RasaOrleans.Server.Cli;

namespace RasaOrleans.Server.Tests;

/// <summary>Trains model directories for tests with the real <c>train</c> command.</summary>
public static class TrainedModels
{
    /// <summary>Writes <paramref name="domainYaml"/> and <paramref name="storiesMarkdown"/> into <paramref name="folder"/> and trains a model into <c>folder/model</c>.</summary>
    public static string TrainFromText(string folder, string domainYaml, string storiesMarkdown)
    {
        Directory.CreateDirectory(folder);
        var domain = Path.Combine(folder, "domain.yml");
        var stories = Path.Combine(folder, "stories.md");
        File.WriteAllText(domain, domainYaml);
        File.WriteAllText(stories, storiesMarkdown);
        return Train(domain, stories, Path.Combine(folder, "model"));
    }

    /// <summary>Trains a model from existing files; returns the model directory.</summary>
    public static string Train(string domainPath, string storiesPath, string outDirectory)
    {
        TrainCommand.Train(new TrainOptions(domainPath, storiesPath, Nlu: null, Config: null, outDirectory), TextWriter.Null);
        return outDirectory;
    }
}
