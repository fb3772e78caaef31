using System.Text.Json.Nodes;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Tests.Stories;

namespace RasaOrleans.Core.Tests.Nlu;

public sealed class NluTrainingDataReaderTests
{
    private const string Json = """
        {"rasa_nlu_data": {
           "common_examples": [
             {"text": "show me chinese restaurants", "intent": "restaurant_search",
              "entities": [{"start": 8, "end": 15, "value": "chinese", "entity": "cuisine"}]},
             {"text": "hi", "intent": "greet"}],
           "intent_examples": [{"text": "bye", "intent": "goodbye"}],
           "entity_examples": [{"text": "in NYC", "entities": [{"start": 3, "end": 6, "value": "New York City", "entity": "city"}]}],
           "regex_features": [{"name": "zipcode", "pattern": "[0-9]{5}"}],
           "lookup_tables": [{"name": "plates", "elements": ["beans", "rice"]}],
           "entity_synonyms": [{"value": "New York City", "synonyms": ["NYC", "nyc", "the big apple"]}]}}
        """;

    private const string Markdown = """
        <!-- a comment -->
        ## intent:restaurant_search
        - show me [chinese](cuisine) restaurants
        * i want [NYC](city:New York City) food   <!-- inline comment -->
        + [cheap]{"entity": "price", "role": "max"} please

        ## synonym:vegetarian
        - veggie
        - Vegg

        ## regex:zipcode
        - [0-9]{5}

        ## lookup:plates
        - beans
        - rice
        """;

    [Fact]
    public void Json_reads_examples_legacy_sections_regexes_lookups_and_synonyms()
    {
        var data = NluTrainingDataReader.ReadRasaJson("\uFEFF" + Json);

        Assert.Equal(4, data.Examples.Count);
        Assert.Equal(new NluEntity(8, 15, "chinese", "cuisine"), Assert.Single(data.Examples[0].Entities));
        Assert.Null(data.Examples[3].Intent);
        Assert.Equal(["restaurant_search", "greet", "goodbye"], data.Intents);
        Assert.Equal(new RegexFeature("zipcode", "[0-9]{5}"), Assert.Single(data.RegexFeatures));
        Assert.Equal(new LookupTable("plates", ["beans", "rice"]), Assert.Single(data.LookupTables));
        Assert.Equal("New York City", data.EntitySynonyms["the big apple"]);
        Assert.Equal("New York City", data.EntitySynonyms["nyc"]);
        Assert.Equal(2, data.EntitySynonyms.Count);
    }

    [Fact]
    public void Markdown_removes_markup_and_computes_offsets_on_the_plain_text()
    {
        var data = NluTrainingDataReader.ReadMarkdown(Markdown);

        Assert.Equal(["show me chinese restaurants", "i want NYC food", "cheap please"], data.Examples.Select(e => e.Text));
        Assert.Equal(new NluEntity(8, 15, "chinese", "cuisine"), data.Examples[0].Entities[0]);
        Assert.Equal(new NluEntity(7, 10, "New York City", "city"), data.Examples[1].Entities[0]);
        Assert.Equal(new NluEntity(0, 5, "cheap", "price", "max"), data.Examples[2].Entities[0]);
        Assert.All(data.Examples, e => Assert.Equal("restaurant_search", e.Intent));
        Assert.Equal("New York City", data.EntitySynonyms["nyc"]);
        Assert.Equal("vegetarian", data.EntitySynonyms["veggie"]);
        Assert.Equal("vegetarian", data.EntitySynonyms["vegg"]);
        Assert.Equal("[0-9]{5}", Assert.Single(data.RegexFeatures).Pattern);
        Assert.Equal(["beans", "rice"], Assert.Single(data.LookupTables).Elements);
    }

    [Fact]
    public void Yaml_nlu_section_reads_like_markdown()
    {
        var data = NluTrainingDataReader.ReadYaml("""
            version: "3.1"
            nlu:
            - intent: restaurant_search
              examples: |
                - show me [chinese](cuisine) restaurants
                - i want [NYC]{"entity": "city", "value": "New York City"} food
            - synonym: vegetarian
              examples: |
                - veggie
            - regex: zipcode
              examples: |
                - [0-9]{5}
            - lookup: plates
              examples:
              - beans
              - rice
            stories: []
            """);

        Assert.Equal(["show me chinese restaurants", "i want NYC food"], data.Examples.Select(e => e.Text));
        Assert.Equal(new NluEntity(7, 10, "New York City", "city"), data.Examples[1].Entities[0]);
        Assert.Equal("New York City", data.EntitySynonyms["nyc"]);
        Assert.Equal("vegetarian", data.EntitySynonyms["veggie"]);
        Assert.Equal("[0-9]{5}", Assert.Single(data.RegexFeatures).Pattern);
        Assert.Equal(["beans", "rice"], Assert.Single(data.LookupTables).Elements);
    }

    [Fact]
    public void Rasa_json_round_trips()
    {
        var original = NluTrainingDataReader.ReadMarkdown(Markdown);

        var json = original.ToRasaJson().ToJsonString();
        var again = NluTrainingDataReader.ReadRasaJson(json);

        Assert.Equal(original.Examples, again.Examples);
        Assert.Equal(original.RegexFeatures, again.RegexFeatures);
        Assert.Equal(original.LookupTables, again.LookupTables);
        Assert.Equal(original.EntitySynonyms.OrderBy(p => p.Key), again.EntitySynonyms.OrderBy(p => p.Key));
        Assert.Equal(json, again.ToRasaJson().ToJsonString());
        var first = JsonNode.Parse(json)!["rasa_nlu_data"]!["common_examples"]![0]!.AsObject();
        Assert.Equal(["text", "intent", "entities"], first.Select(p => p.Key));
    }

    [Fact]
    public void Value_different_from_text_is_an_implicit_synonym()
    {
        var data = NluTrainingDataReader.ReadRasaJson("""
            {"rasa_nlu_data": {"common_examples": [{"text": "moderately priced", "intent": "inform",
              "entities": [{"start": 0, "end": 10, "value": "moderate", "entity": "price"}]}]}}
            """);

        Assert.Empty(data.EntitySynonyms);
        Assert.Equal("moderate", data.AllSynonyms()["moderately"]);
    }

    [Theory]
    [InlineData("{\"rasa_nlu_data\": {\"common_examples\": [\n {\"text\": \"hi\"},\n {\"intent\": \"greet\"}]}}", 3, "has no text")]
    [InlineData("{\"rasa_nlu_data\": {\"common_examples\": [\n {\"text\": \"hi\", \"entities\": [{\"start\": 1, \"end\": 9, \"value\": \"i\", \"entity\": \"x\"}]}]}}", 2, "outside the text")]
    [InlineData("{\"rasa_nlu_data\": {\"common_examples\": [{\"text\": \"hi\", \"entities\": [{\"start\": 1, \"end\": 2, \"value\": \"i\"}]}]}}", 1, "no entity type")]
    [InlineData("{\"rasa_nlu_data\": {\"common_examples\": [{\"text\": \"hi\", \"entities\": [{\"end\": 2, \"value\": \"i\", \"entity\": \"x\"}]}]}}", 1, "integer 'start'")]
    [InlineData("{\"rasa_nlu_data\": {\"common_examples\": [\n{\"text\": \"hi\"}\n,]}}", 3, "not valid JSON")]
    public void Json_mistakes_are_reported_with_line(string json, int line, string problem)
    {
        var error = Assert.Throws<RasaFormatException>(() => NluTrainingDataReader.ReadRasaJson(json, "nlu.json"));

        Assert.Equal("nlu.json", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void Json_without_rasa_nlu_data_is_rejected()
    {
        var error = Assert.Throws<RasaFormatException>(() => NluTrainingDataReader.ReadRasaJson("{\"sentences\": []}", "c.json"));

        Assert.Contains("rasa_nlu_data", error.Problem);
    }

    [Theory]
    [InlineData("## intent:greet\n- hi\n## story\n", 3, "unknown section")]
    [InlineData("## intent:greet\n- hi\n- [x]{oops}\n", 3, "not valid JSON")]
    [InlineData("## intent:greet\n- hi\n-  [x]()\n- [x](:v)\n", 4, "no entity type")]
    [InlineData("## intent:\n- hi\n", 1, "has no name")]
    public void Markdown_mistakes_are_reported_with_line(string markdown, int line, string problem)
    {
        var error = Assert.Throws<RasaFormatException>(() => NluTrainingDataReader.ReadMarkdown(markdown, "nlu.md"));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void Yaml_example_lines_are_numbered_from_the_block()
    {
        var error = Assert.Throws<RasaFormatException>(() => NluTrainingDataReader.ReadYaml(
            "nlu:\n- intent: greet\n  examples: |\n    - hi\n    - [x](:v)\n", "nlu.yml"));

        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Folder_reads_lookup_files_relative_to_the_data_file_and_refuses_json_mixed_with_markdown()
    {
        var folder = Directory.CreateTempSubdirectory("nlu").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "plates.txt"), "beans\n\n rice \n");
            File.WriteAllText(Path.Combine(folder, "a.json"),
                """{"rasa_nlu_data": {"common_examples": [{"text": "hi", "intent": "greet"}], "lookup_tables": [{"name": "plates", "elements": "plates.txt"}]}}""");
            File.WriteAllText(Path.Combine(folder, "config.json"), """{"pipeline": "spacy_sklearn"}""");
            File.WriteAllText(Path.Combine(folder, "stories.md"), "## story\n* greet\n  - utter_greet\n");
            File.WriteAllText(Path.Combine(folder, "more.yml"), "nlu:\n- intent: bye\n  examples: |\n    - bye\n");

            var data = NluTrainingDataReader.Read(folder);

            Assert.Equal(["greet", "bye"], data.Intents);
            Assert.Equal(["beans", "rice"], Assert.Single(data.LookupTables).Elements);

            File.WriteAllText(Path.Combine(folder, "nlu.md"), "## intent:affirm\n- yes\n");
            var error = Assert.Throws<RasaFormatException>(() => NluTrainingDataReader.Read(folder));
            Assert.Contains("cannot be mixed", error.Problem);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SharedTheory]
    [MemberData(nameof(StoryFixtures.NluFiles), MemberType = typeof(StoryFixtures))]
    public void Every_example_nlu_file_reads_and_round_trips(string relativePath)
    {
        var data = NluTrainingDataReader.ReadFile(Path.Combine(StoryFixtures.RasaCore, relativePath));

        Assert.NotEmpty(data.Examples);
        Assert.All(data.Examples, e => Assert.False(string.IsNullOrEmpty(e.Intent)));
        var again = NluTrainingDataReader.ReadRasaJson(data.ToRasaJson().ToJsonString());
        Assert.Equal(data.Examples, again.Examples);
    }

    [SharedFact]
    public void Example_nlu_files_have_the_expected_sizes()
    {
        var franken = NluTrainingDataReader.ReadFile(Path.Combine(StoryFixtures.RasaCore, "v0.9.3/restaurantbot/data/franken_data.json"));
        var babi = NluTrainingDataReader.ReadFile(Path.Combine(StoryFixtures.RasaCore, "v0.7.0/babi/data/babi_dialog_nlu.json"));
        var mood = NluTrainingDataReader.Read(Path.Combine(StoryFixtures.RasaCore, "v0.9.3/moodbot/data"));

        Assert.Equal(1977, franken.Examples.Count);
        Assert.Equal(55, babi.Examples.Count);
        Assert.Contains("mood_great", mood.Intents);
        Assert.Equal("moderate", franken.AllSynonyms()["moderately"]);
    }

    [SharedFact]
    public void Benchmark_corpora_are_not_in_rasa_form()
    {
        // Braun and Snips files use their own formats; converting them is the benchmark work, not this reader's.
        var braun = Path.Combine(StoryFixtures.Datasets, "braun-nlu-evaluation-corpora", "ChatbotCorpus.json");
        var error = Assert.Throws<RasaFormatException>(() => NluTrainingDataReader.ReadFile(braun));
        Assert.Contains("rasa_nlu_data", error.Problem);
    }

    [Theory]
    [InlineData("{\"rasa_nlu_data\": {}}", NluDataFormat.Json)]
    [InlineData("\uFEFF  \n{\"rasa_nlu_data\": {}}", NluDataFormat.Json)]
    [InlineData("version: \"3.1\"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n", NluDataFormat.Yaml)]
    [InlineData("# a comment\nnlu :\n- intent: greet\n", NluDataFormat.Yaml)]
    [InlineData("version: \"3.1\"\n", NluDataFormat.Yaml)]
    [InlineData("## intent:greet\n- hi\n- version: two\n", NluDataFormat.Markdown)]
    public void Text_without_a_file_name_is_read_by_its_content(string text, NluDataFormat expected)
    {
        Assert.Equal(expected, NluTrainingDataReader.FormatOfText(text));
    }

    [Fact]
    public void A_training_request_names_its_nlu_part_by_the_same_rule_as_train()
    {
        // the later API's JSON body carries the NLU data as a string; valid YAML that `/train` reads as YAML (here
        // with a space before the key's colon) must not be stored, and then read, as Markdown
        var yaml = "version: \"3.1\"\nnlu :\n- intent: greet\n  examples: |\n    - hi\n";
        var request = RasaOrleans.Core.Training.TrainingRequest.Parse(
            new JsonObject { ["nlu"] = yaml }.ToJsonString());
        Assert.Equal("nlu.yml", request.Nlu?.FileName);
        Assert.Equal(["greet"], NluTrainingDataReader.ReadText(yaml, NluTrainingDataReader.FormatOfText(yaml)).Examples.Select(e => e.Intent));
    }
}
