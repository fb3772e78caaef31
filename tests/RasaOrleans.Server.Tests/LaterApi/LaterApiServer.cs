namespace RasaOrleans.Server.Tests.LaterApi;

/// <summary>
/// A greetbot server for the later model routes, with its own data directory and model directory (which holds
/// copies of the shipped greetbot and restaurantbot models), SQLite storage so a restart keeps the registry.
/// Each test that changes the loaded model starts its own.
/// </summary>
public sealed class LaterApiServer : IAsyncDisposable
{
    private readonly TempDirectory _root = new();

    public LaterApiServer()
    {
        Directory.CreateDirectory(ModelDirectory);
        Copy(ShippedBots.Model("greetbot"), Path.Combine(ModelDirectory, "greetbot"));
        Copy(ShippedBots.Model("restaurantbot"), Path.Combine(ModelDirectory, "restaurantbot"));
        Server = Start();
    }

    public string DataDirectory => Path.Combine(_root.Path, "data");

    public string ModelDirectory => Path.Combine(_root.Path, "models");

    public RasaServerFactory Server { get; private set; }

    public RasaClient Client() => new(Server.CreateClient());

    /// <summary>Stops the server and starts another on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await Server.DisposeAsync();
        Server = Start();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _root.Dispose();
    }

    /// <summary>Files left in the data directory's scratch folders (model uploads, trainings).</summary>
    public IReadOnlyList<string> ScratchFiles() =>
        [.. new[] { "models", "training" }.Select(f => Path.Combine(DataDirectory, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.GetFileSystemEntries(d, "*", SearchOption.AllDirectories))];

    private RasaServerFactory Start() => RasaServerFactory.WithSettings(new Dictionary<string, string?>
    {
        ["RasaOrleans:Storage"] = "Sqlite",
        ["RasaOrleans:DataDirectory"] = DataDirectory,
        ["RasaOrleans:ModelDirectory"] = ModelDirectory,
    });

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
