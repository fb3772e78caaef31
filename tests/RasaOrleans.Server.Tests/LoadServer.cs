namespace RasaOrleans.Server.Tests;

/// <summary>
/// The greetbot server with its own data directory (where <c>POST /load</c> unpacks models), and a small
/// "hellobot" model trained for uploading.
/// </summary>
public sealed class LoadServer : RasaServerFactory
{
    private readonly TempDirectory _data;

    public LoadServer()
        : this(new TempDirectory())
    {
    }

    private LoadServer(TempDirectory data)
        : base(new Dictionary<string, string?> { ["RasaOrleans:DataDirectory"] = data.Path })
    {
        _data = data;
        HellobotModel = TrainedModels.TrainFromText(Path.Combine(data.Path, "hellobot"), """
            intents:
              - hello
            templates:
              utter_hello:
                - "hello from the uploaded model"
            actions:
              - utter_hello
            """, """
            ## hello
            * hello
              - utter_hello
            """);
    }

    public string DataDirectory => _data.Path;

    /// <summary>Where uploaded models are unpacked.</summary>
    public string ModelsRoot => Path.Combine(_data.Path, "models");

    public string HellobotModel { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }
}
