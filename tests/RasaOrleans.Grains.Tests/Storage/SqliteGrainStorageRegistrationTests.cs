using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Providers;
using Orleans.Storage;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Grains.Tests.Storage;

public sealed class SqliteGrainStorageRegistrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task The_provider_is_registered_by_name_with_its_options()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSqliteGrainStorage(StorageNames.Conversations, o => o.DataDirectory = _db.Directory);
        services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, o => o.DataDirectory = _db.Directory);
        await using var provider = services.BuildServiceProvider();

        var conversations = provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations);
        var fallback = provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

        var sqlite = Assert.IsType<SqliteGrainStorage>(conversations);
        Assert.IsType<SqliteGrainStorage>(fallback);
        Assert.NotSame(conversations, fallback);
        Assert.Equal(_db.FilePath, sqlite.DatabasePath);
        await sqlite.ProbeAsync();
        Assert.True(File.Exists(_db.FilePath));
    }

    [Fact]
    public void The_default_file_is_data_rasa_orleans_db()
    {
        var options = new SqliteGrainStorageOptions();

        Assert.Equal(Path.GetFullPath("./data/rasa-orleans.db"), options.DatabasePath);
        Assert.Equal(SqliteSynchronousMode.Normal, options.Synchronous);
    }
}
