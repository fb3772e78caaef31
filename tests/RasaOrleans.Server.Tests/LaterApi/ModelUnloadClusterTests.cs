using Microsoft.Extensions.Logging.Abstractions;
using RasaOrleans.Grains.Models;

namespace RasaOrleans.Server.Tests.LaterApi;

/// <summary>
/// <c>DELETE /model</c> is cluster state: two silos' registries over one store, as in a cluster; an unload through
/// one is followed by the other on its next sync, and so is the next model put.
/// </summary>
public sealed class ModelUnloadClusterTests : IDisposable
{
    private readonly TempDirectory _scratch = new();
    private readonly MemoryModelBundleStore _store = new();

    public void Dispose() => _scratch.Dispose();

    private (ModelRegistry Registry, BotModels Bots) Silo(string name)
    {
        var bots = new BotModels(NullLogger<BotModels>.Instance);
        var registry = new ModelRegistry(_store, bots, new NluModels(NullLogger<NluModels>.Instance),
            Path.Combine(_scratch.Path, name), name, NullLogger<ModelRegistry>.Instance);
        return (registry, bots);
    }

    [Fact]
    public async Task Unloading_through_one_silo_unloads_every_silo_until_a_model_is_published_again()
    {
        var (first, firstBots) = Silo("a");
        var (second, secondBots) = Silo("b");
        await first.StartAsync("default", ShippedBots.Model("greetbot"), null, CancellationToken.None);
        await second.StartAsync("default", ShippedBots.Model("greetbot"), null, CancellationToken.None);
        Assert.NotNull(secondBots.Find("default"));

        await first.UnloadBotAsync("default", CancellationToken.None);
        Assert.Null(firstBots.Find("default"));
        await second.SyncAsync(CancellationToken.None);

        Assert.Null(secondBots.Find("default"));
        Assert.DoesNotContain("bot/default", second.Serving.Keys);

        // a silo that starts now does not serve its start-up model either
        var (third, thirdBots) = Silo("c");
        await third.StartAsync("default", ShippedBots.Model("greetbot"), null, CancellationToken.None);
        Assert.Null(thirdBots.Find("default"));

        var upload = Path.Combine(_scratch.Path, "upload");
        CopyDirectory(ShippedBots.Model("restaurantbot"), upload);
        await first.PublishBotAsync("default", upload, CancellationToken.None);
        await second.SyncAsync(CancellationToken.None);
        await third.SyncAsync(CancellationToken.None);

        Assert.Contains("utter_ask_cuisine", secondBots.Find("default")!.Dialogue.Domain.ActionNames);
        Assert.Contains("utter_ask_cuisine", thirdBots.Find("default")!.Dialogue.Domain.ActionNames);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
