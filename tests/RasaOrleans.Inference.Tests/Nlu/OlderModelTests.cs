using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

/// <summary>
/// <c>Fixtures/nlu-model-before-embeddings</c> is the greetbot NLU model as committed before the sentence encoder,
/// the fallback classifier and calibrated confidences existed (its settings have none of their keys).
/// </summary>
public sealed class OlderModelTests
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nlu-model-before-embeddings");

    [Fact]
    public void A_model_saved_before_the_encoder_and_the_fallback_loads_and_parses_as_before()
    {
        var model = NluModel.Load(s_folder);

        Assert.Null(model.Settings.SentenceEncoder);
        Assert.Null(model.Settings.FallbackThreshold);
        Assert.False(model.Settings.CalibrateConfidences);
        var parser = model.CreateParser();
        Assert.Equal("greet", parser.Predict("hello there").Intent.Name);
        Assert.Equal("goodbye", parser.Predict("bye").Intent.Name);
        Assert.DoesNotContain(parser.Predict("what is the capital of peru").IntentRanking, r => r.Name == "nlu_fallback");
    }
}
