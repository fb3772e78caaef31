using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RasaOrleans.Abstractions.Inference;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Grains.Models;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Grains.Tests.Conversations;

[Collection(ConversationClusterCollection.Name)]
public sealed class NluWorkerGrainTests(ConversationClusterFixture fixture)
{
    private static NluModel Train(params (string Text, string Intent)[] examples) =>
        new NluTrainer().Train(new NluTrainingData { Examples = [.. examples.Select(e => new NluExample(e.Text, e.Intent, []))] });

    private void Register(string key, NluModel model)
    {
        foreach (var silo in fixture.Cluster.Silos)
        {
            fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<NluModels>().Register(key, model, null);
        }
    }

    private async Task<string> IntentAsync(string key, string text) =>
        JsonNode.Parse(await fixture.Client.GetGrain<INluGrain>(0).ParseAsync(key, text))!["intent"]!["name"]!.GetValue<string>();

    [Fact]
    public async Task Parse_uses_the_registered_model_and_the_regex_interpreter_for_intent_texts()
    {
        var key = "nlu-" + Guid.NewGuid().ToString("N");
        Register(key, Train(("hello", "greet"), ("hi there", "greet"), ("bye", "goodbye"), ("see you later", "goodbye")));

        Assert.Equal("goodbye", await IntentAsync(key, "see you"));
        Assert.Equal("thank", await IntentAsync(key, "/thank"));
        Assert.Equal("hello there", await IntentAsync("no-model-" + Guid.NewGuid().ToString("N"), "hello there"));
    }

    [Fact]
    public async Task Workers_answer_null_for_handles_that_crossed_a_silo_boundary_so_the_caller_runs_inference_itself()
    {
        var silo = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);
        var bot = silo.GetRequiredService<BotModels>().Find("default")!;
        var serializer = silo.GetRequiredService<Orleans.Serialization.Serializer>();
        var crossed = serializer.Deserialize<InProcessHandle>(serializer.SerializeToArray(new InProcessHandle(bot, "default/x")))!;
        var tracker = serializer.Deserialize<InProcessHandle>(serializer.SerializeToArray(new InProcessHandle(new object(), "default/x")))!;

        Assert.Null(crossed.Value);
        Assert.Null(await fixture.Client.GetGrain<INluGrain>(0).ParseWithAsync(crossed, "/greet"));
        Assert.Null(await fixture.Client.GetGrain<IPolicyGrain>(0).PredictAsync(crossed, tracker));
        Assert.Equal("greet", RasaOrleans.Grains.Inference.NluWorkerGrain.ParseLocally(bot, "/greet")["intent"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parse_follows_a_replaced_model()
    {
        var key = "nlu-" + Guid.NewGuid().ToString("N");
        Register(key, Train(("hello", "greet"), ("bye", "goodbye")));
        Assert.Equal("greet", await IntentAsync(key, "hello"));

        Register(key, Train(("hello", "salute"), ("bye", "farewell")));

        Assert.Equal("salute", await IntentAsync(key, "hello"));
    }
}
