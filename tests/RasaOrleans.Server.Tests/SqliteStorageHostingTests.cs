using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RasaOrleans.Grains;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Server.Tests;

public sealed class SqliteStorageHostingTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private RasaServerFactory StartServer() => RasaServerFactory.WithSettings(new Dictionary<string, string?>
    {
        ["RasaOrleans:Storage"] = "Sqlite",
        ["RasaOrleans:DataDirectory"] = _data.Path,
    });

    [Fact]
    public async Task Conversation_state_written_by_one_server_is_read_by_the_next_on_the_same_data_directory()
    {
        var id = GrainId.Create("conversation", "default/durable");
        string? etag;
        await using (var first = StartServer())
        {
            await first.InitializeAsync();
            using var ready = await first.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            var storage = first.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations);
            Assert.IsType<SqliteGrainStorage>(storage);
            var state = new GrainState<ConversationState>(new ConversationState { Exists = true, Events = ["""{"event":"restart"}"""] });
            await storage.WriteStateAsync("tracker", id, state);
            etag = state.ETag;
        }

        Assert.True(File.Exists(Path.Combine(_data.Path, SqliteGrainStorageOptions.DefaultFileName)));
        await using var second = StartServer();
        await second.InitializeAsync();
        var read = new GrainState<ConversationState>(new ConversationState());
        await second.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations).ReadStateAsync("tracker", id, read);

        Assert.True(read.RecordExists);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(["""{"event":"restart"}"""], read.State?.Events);
    }
}
