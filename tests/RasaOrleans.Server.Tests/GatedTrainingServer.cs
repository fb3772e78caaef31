using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RasaOrleans.Server.Nlu;

namespace RasaOrleans.Server.Tests;

/// <summary>A server allowing one training job at a time, whose trainer waits at <see cref="Trainer"/>'s gate.</summary>
public sealed class GatedTrainingServer : RasaServerFactory
{
    private readonly TempDirectory _data;

    private GatedTrainingServer(TempDirectory data, string timeout)
        : base(new Dictionary<string, string?>
        {
            ["RasaOrleans:DataDirectory"] = data.Path,
            ["RasaOrleans:MaxConcurrentTrainings"] = "1",
            ["RasaOrleans:TrainingTimeout"] = timeout,
        })
    {
        _data = data;
    }

    public GatedNluModelTrainer Trainer { get; } = new();

    /// <summary>A server whose training jobs may take <paramref name="timeout"/> (a TimeSpan string).</summary>
    public static GatedTrainingServer Create(string timeout = "00:05:00") => new(new TempDirectory(), timeout);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<INluModelTrainer>(Trainer));
    }

    public override async ValueTask DisposeAsync()
    {
        Trainer.Open();
        await base.DisposeAsync();
        Trainer.Dispose();
        _data.Dispose();
    }
}
