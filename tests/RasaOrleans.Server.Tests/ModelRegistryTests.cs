using System.Net;
using System.Net.Http.Headers;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// The model registry on one machine (the data directory's SQLite file): what was loaded last is served after a
/// restart, a new start-up model replaces an older start-up model, and a loaded model wins over the start-up one.
/// </summary>
public sealed class ModelRegistryTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private RasaServerFactory StartServer(string? coreModel = null)
    {
        var settings = new Dictionary<string, string?> { ["RasaOrleans:Storage"] = "Sqlite", ["RasaOrleans:DataDirectory"] = _data.Path };
        if (coreModel is not null)
        {
            settings["RasaOrleans:CoreModel"] = coreModel;
        }

        return RasaServerFactory.WithSettings(settings);
    }

    private static async Task<List<string>> ActionsAsync(RasaServerFactory server)
    {
        var (status, domain) = await new RasaClient(server.CreateClient()).GetAsync("/domain");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. domain!["actions"]!.AsArray().Select(a => a!.GetValue<string>())];
    }

    [Fact]
    public async Task A_restarted_server_serves_the_model_loaded_last_not_its_start_up_model()
    {
        await using (var first = StartServer())
        {
            Assert.Contains("utter_greet", await ActionsAsync(first));
            var file = new ByteArrayContent(ModelZip.Of(ShippedBots.Model("restaurantbot")));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            using var form = new MultipartFormDataContent { { file, "model", "model.zip" } };
            using var loaded = await first.CreateClient().PostAsync("/load", form);
            Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
            Assert.Contains("utter_ask_cuisine", await ActionsAsync(first));
        }

        await using var second = StartServer();
        Assert.Contains("utter_ask_cuisine", await ActionsAsync(second));
        var client = new RasaClient(second.CreateClient());
        var (_, registry) = await client.GetAsync("/cluster/models");
        var bot = Assert.Single(registry!["models"]!.AsArray(), m => m!["slot"]!.GetValue<string>() == "bot/default")!;
        Assert.Equal("load", bot["source"]!.GetValue<string>());
        var (_, status) = await client.GetAsync("/status");
        Assert.Equal(bot["fingerprint"]!.GetValue<string>(), status!["serving"]!["models"]!["bot/default"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_newer_start_up_model_replaces_an_older_start_up_model_in_the_registry()
    {
        await using (var first = StartServer())
        {
            Assert.Contains("utter_greet", await ActionsAsync(first));
        }

        // a new image: its model files are written after the registry's start-up model was published
        await using var second = StartServer(FreshCopy(ShippedBots.Model("restaurantbot")));
        Assert.Contains("utter_ask_cuisine", await ActionsAsync(second));
        var (_, registry) = await new RasaClient(second.CreateClient()).GetAsync("/cluster/models");
        var bot = Assert.Single(registry!["models"]!.AsArray(), m => m!["slot"]!.GetValue<string>() == "bot/default")!;
        Assert.Equal("startup", bot["source"]!.GetValue<string>());
        Assert.Equal(2, bot["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_older_start_up_model_does_not_take_the_registry_back()
    {
        await using (var first = StartServer(FreshCopy(ShippedBots.Model("restaurantbot"))))
        {
            Assert.Contains("utter_ask_cuisine", await ActionsAsync(first));
        }

        // an old image restarting (its shipped greetbot files predate the published model) serves the registry's
        await using var second = StartServer();
        Assert.Contains("utter_ask_cuisine", await ActionsAsync(second));
    }

    private string FreshCopy(string model)
    {
        var copy = Path.Combine(_data.Path, "image-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(model, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(model, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
        }

        return copy;
    }
}
