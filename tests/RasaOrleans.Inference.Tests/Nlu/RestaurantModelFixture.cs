using RasaOrleans.Core.Nlu;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>Trains the restaurant fixture once for every test that only reads the model.</summary>
public sealed class RestaurantModelFixture
{
    public RestaurantModelFixture()
    {
        Data = NluTrainingDataReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "restaurant_nlu.md"));
        Model = new NluTrainer().Train(Data);
    }

    public NluTrainingData Data { get; }

    public NluModel Model { get; }
}
