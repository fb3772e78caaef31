using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Tests;

/// <summary>
/// The server as <c>run -d &lt;greetbot&gt; -u &lt;greetbot model with nlu/&gt;</c>, with its own data directory
/// (where <c>/train</c> saves models).
/// </summary>
public sealed class NluServer : RasaServerFactory
{
    private readonly TempDirectory _folder;

    public NluServer()
        : this(new TempDirectory())
    {
    }

    private NluServer(TempDirectory folder)
        : base(new Dictionary<string, string?>
        {
            ["RasaOrleans:CoreModel"] = ModelLoaderService.DefaultModelDirectory,
            ["RasaOrleans:NluModel"] = GreetbotNlu.TrainInto(Path.Combine(folder.Path, "greetbot-model")),
            ["RasaOrleans:DataDirectory"] = Path.Combine(folder.Path, "data"),
        })
    {
        _folder = folder;
    }

    public string DataDirectory => Path.Combine(_folder.Path, "data");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
