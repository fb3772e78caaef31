namespace RasaOrleans.Server.Tests;

/// <summary>The bots shipped in the repository's <c>models/</c> folder: their sources and trained models.</summary>
public static class ShippedBots
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder(string bot) => Path.Combine(RepositoryRoot, "models", bot);

    public static string Model(string bot) => Path.Combine(Folder(bot), "model");

    private static string FindRoot()
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
