using RasaOrleans.Abstractions;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Abstractions.Inference;

namespace RasaOrleans.Grains.Tests.Conversations;

[Collection(ConversationClusterCollection.Name)]
public sealed class GrainReferencesTests(ConversationClusterFixture fixture)
{
    [Fact]
    public async Task Cached_references_address_the_same_grains_as_GetGrain_and_answer_calls()
    {
        var grains = fixture.Client;
        foreach (var key in new[] { "default/refs-a", "default/refs-b", "default/refs-a" })
        {
            var cached = GrainReferences.Get<IConversationGrain>(grains, key);
            var direct = grains.GetGrain<IConversationGrain>(key);
            Assert.Equal(direct.GetGrainId(), cached.GetGrainId());
            Assert.Equal(((GrainReference)(object)direct).InterfaceType, ((GrainReference)(object)cached).InterfaceType);
        }

        var worker = GrainReferences.Get<INluGrain>(grains, 0);
        Assert.Equal(grains.GetGrain<INluGrain>(0).GetGrainId(), worker.GetGrainId());
        Assert.Equal(grains.GetGrain<INluGrain>(0).GetGrainId(), GrainReferences.Get<INluGrain>(grains, 0).GetGrainId());
        Assert.Contains("greet", await worker.ParseAsync("default", "/greet"));
    }
}
