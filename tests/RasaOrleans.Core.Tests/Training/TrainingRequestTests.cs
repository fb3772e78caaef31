using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Tests.Training;

public sealed class TrainingRequestTests
{
    [Fact]
    public void One_yaml_document_is_every_part_it_has_keys_for()
    {
        var request = TrainingRequest.Parse("intents: [greet]\npolicies:\n  - name: MemoizationPolicy\nstories: []\n");

        Assert.Equal(TrainingRequest.BodyFileName, request.Domain!.FileName);
        Assert.NotNull(request.Config);
        Assert.NotNull(request.Stories);
        Assert.Null(request.Nlu);
    }

    [Fact]
    public void Rasa_1_json_gives_each_key_its_own_file_by_its_format()
    {
        var request = TrainingRequest.Parse("""
            {"domain": "intents: [greet]", "nlu": "nlu:\n- intent: greet\n  examples: |\n    - hi\n", "stories": "## s\n* greet\n"}
            """);

        Assert.Equal("domain.yml", request.Domain!.FileName);
        Assert.Equal("nlu.yml", request.Nlu!.FileName);
        Assert.Equal("stories.md", request.Stories!.FileName);
        Assert.Null(request.Config);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("just text")]
    [InlineData("a: [")]
    public void A_body_that_is_no_mapping_is_refused(string body) =>
        Assert.Throws<RasaFormatException>(() => TrainingRequest.Parse(body));
}
