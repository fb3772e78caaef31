namespace RasaOrleans.Server.Tests;

/// <summary>The server as <c>run -u &lt;greetbot's nlu folder&gt;</c>: NLU routes alone, no dialogue model.</summary>
public sealed class NluOnlyServer : RasaServerFactory
{
    private readonly TempDirectory _folder;

    public NluOnlyServer()
        : this(new TempDirectory())
    {
    }

    private NluOnlyServer(TempDirectory folder)
        : base(new Dictionary<string, string?>
        {
            ["RasaOrleans:NluModel"] = Path.Combine(GreetbotNlu.TrainInto(Path.Combine(folder.Path, "greetbot-model")), "nlu"),
            ["RasaOrleans:DataDirectory"] = Path.Combine(folder.Path, "data"),
        })
    {
        _folder = folder;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
