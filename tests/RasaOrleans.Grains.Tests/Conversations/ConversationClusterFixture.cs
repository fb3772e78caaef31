using Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using RasaOrleans.Grains.Models;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Grains.Tests.Conversations;

/// <summary>
/// One in-process silo shared by the conversation grain tests: SQLite storage in a temporary folder (behind a
/// fault injector), and the repository's greetbot model loaded for bot <c>default</c>.
/// </summary>
public sealed class ConversationClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rasa-orleans-grain-tests", Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public static string GreetbotModel => Path.Combine(RepositoryRoot(), "models", "greetbot", "model");

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var dataDirectory = _dataDirectory;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddOptions<SqliteGrainStorageOptions>(StorageNames.Conversations).Configure(o => o.DataDirectory = dataDirectory);
            silo.Services.AddGrainStorage(StorageNames.Conversations, static (sp, name) => new FaultInjectingGrainStorage(
                new SqliteGrainStorage(name, sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), NullLogger<SqliteGrainStorage>.Instance)));
            silo.Services.AddSingleton<BotModels>();
            silo.Services.AddSingleton<NluModels>();
            silo.Services.AddSingleton<RasaMetrics>();
            silo.Services.AddSingleton(TimeProvider.System);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        foreach (var silo in Cluster.Silos)
        {
            Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<BotModels>().Load("default", GreetbotModel);
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
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

[CollectionDefinition(Name)]
public sealed class ConversationClusterCollection : ICollectionFixture<ConversationClusterFixture>
{
    public const string Name = "conversation cluster";
}
