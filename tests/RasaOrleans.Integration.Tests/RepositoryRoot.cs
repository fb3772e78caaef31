namespace RasaOrleans.Integration.Tests;

/// <summary>The repository checkout the tests run from (the directory holding <c>RasaOrleans.sln</c>).</summary>
public static class RepositoryRoot
{
    /// <summary>Absolute path of the repository root.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RasaOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no RasaOrleans.sln above {AppContext.BaseDirectory}");
    }
}
