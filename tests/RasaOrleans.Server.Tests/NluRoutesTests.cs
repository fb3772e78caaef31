using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

public sealed class NluRoutesTests(NluServer factory) : IClassFixture<NluServer>
{
    private const string MoodsData = """
        {"rasa_nlu_data": {"common_examples": [
          {"text": "i want pizza", "intent": "order", "entities": [{"start": 7, "end": 12, "value": "pizza", "entity": "food"}]},
          {"text": "i would like sushi", "intent": "order", "entities": [{"start": 13, "end": 18, "value": "sushi", "entity": "food"}]},
          {"text": "order me a burger", "intent": "order", "entities": [{"start": 11, "end": 17, "value": "burger", "entity": "food"}]},
          {"text": "get me pasta please", "intent": "order", "entities": [{"start": 7, "end": 12, "value": "pasta", "entity": "food"}]},
          {"text": "what time is it", "intent": "ask_time"},
          {"text": "tell me the time", "intent": "ask_time"},
          {"text": "what is the time now", "intent": "ask_time"},
          {"text": "do you know the time", "intent": "ask_time"}
        ]}}
        """;

    private readonly RasaClient _client = new(factory.CreateClient());

    private static string IntentOf(JsonNode? parseData) => parseData!["intent"]!["name"]!.GetValue<string>();

    [Fact]
    public async Task Train_then_parse_serves_the_new_model_by_name()
    {
        var (status, trained) = await _client.PostAsync("/train?name=orders", MoodsData);

        Assert.True(status == HttpStatusCode.OK, $"{status} {trained}");
        Assert.Equal("new model trained: orders", trained!["info"]!.GetValue<string>());
        Assert.Equal("orders", trained["model"]!.GetValue<string>());
        Assert.Equal(64, trained["fingerprint"]!.GetValue<string>().Length);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "nlu-models", "orders", "nlu_model.json")));

        var (parseStatus, parsed) = await _client.PostAsync("/parse", """{"q": "what is the time", "model": "orders"}""");
        Assert.Equal(HttpStatusCode.OK, parseStatus);
        Assert.Equal("ask_time", IntentOf(parsed));
        Assert.Equal("orders", parsed!["model"]!.GetValue<string>());
        Assert.Equal("default", parsed["project"]!.GetValue<string>());

        var (_, order) = await _client.GetAsync("/parse?q=i%20want%20sushi&model=orders");
        Assert.Equal("order", IntentOf(order));
        Assert.Contains(order!["entities"]!.AsArray(), e => e!["entity"]!.GetValue<string>() == "food" && e["value"]!.GetValue<string>() == "sushi");
    }

    [Fact]
    public async Task Train_reads_markdown_and_takes_pipeline_settings_from_the_query_string()
    {
        using var content = new StringContent("""
            ## intent:yes
            - yes
            - sure
            - yes please
            ## intent:no
            - no
            - nope
            - no thanks
            """, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var response = await _client.Http.PostAsync("/train?name=yesno&pipeline=spacy_sklearn&word_max_ngram=2&char_min_ngram=0&char_max_ngram=0", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, parsed) = await _client.PostAsync("/parse", """{"query": "nope", "model": "yesno"}""");
        Assert.Equal("no", IntentOf(parsed));
    }

    [Fact]
    public async Task Parse_without_a_model_uses_the_u_model()
    {
        var (status, parsed) = await _client.PostAsync("/parse", """{"query": "hello there", "q": "bye"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("greet", IntentOf(parsed));
        Assert.Equal("hello there", parsed!["text"]!.GetValue<string>());
        Assert.Equal("default", parsed["model"]!.GetValue<string>());
        Assert.True(parsed["intent_ranking"]!.AsArray().Count > 1);

        var (_, fromQuery) = await _client.GetAsync("/parse?q=goodbye");
        Assert.Equal("goodbye", IntentOf(fromQuery));
    }

    [Fact]
    public async Task Parse_with_an_unknown_model_is_404_naming_the_loaded_ones()
    {
        var (status, body) = await _client.PostAsync("/parse", """{"q": "hi", "model": "nosuchmodel"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        var error = body!["error"]!.GetValue<string>();
        Assert.Contains("'nosuchmodel'", error);
        Assert.Contains("default", error);
    }

    [Fact]
    public async Task Training_a_model_named_default_changes_the_nlu_routes_but_not_what_conversations_parse_with()
    {
        // its own server: this test replaces the "default" NLU model
        await using var server = new NluServer();
        var client = new RasaClient(server.CreateClient());

        var (status, trained) = await client.PostAsync("/train?name=default", MoodsData);
        Assert.True(status == HttpStatusCode.OK, $"{status} {trained}");

        var (_, routes) = await client.PostAsync("/parse", """{"q": "what is the time"}""");
        Assert.Equal("ask_time", IntentOf(routes));
        var (_, conversation) = await client.PostAsync($"/conversations/{RasaClient.NewId()}/parse", """{"query": "I am sad"}""");
        Assert.Equal("mood_unhappy", IntentOf(conversation!["tracker"]!["latest_message"]));
        Assert.Equal("utter_cheer_up", conversation["next_action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_parse_answers_parse_data_from_the_bots_model()
    {
        var (status, parsed) = await _client.PostAsync("/model/parse", """{"text": "I am sad"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("mood_unhappy", IntentOf(parsed));
        Assert.Null(parsed!["model"]);
    }

    [Fact]
    public async Task Conversation_parse_uses_the_nlu_model_for_free_text_and_the_regex_interpreter_for_intent_texts()
    {
        var id = RasaClient.NewId();

        var (_, free) = await _client.PostAsync($"/conversations/{id}/parse", """{"query": "my name is Ada"}""");
        var latest = free!["tracker"]!["latest_message"]!;
        Assert.Equal("tell_name", IntentOf(latest));
        Assert.Equal("my name is Ada", latest["text"]!.GetValue<string>());

        var (_, explicitIntent) = await _client.PostAsync($"/conversations/{id}/parse", """{"query": "/deny{\"name\": \"Grace\"}"}""");
        var regex = explicitIntent!["tracker"]!["latest_message"]!;
        Assert.Equal("deny", IntentOf(regex));
        Assert.Equal(1.0, regex["intent"]!["confidence"]!.GetValue<double>());
        var entity = Assert.Single(regex["entities"]!.AsArray());
        Assert.Equal(5, entity!["start"]!.GetValue<int>());
        Assert.Equal("Grace", entity["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_parses_give_the_same_answers_as_sequential_ones()
    {
        string[] texts = ["hello", "bye bye", "I am great", "very sad", "yes", "no way", "thanks a lot", "call me Ada"];
        var requests = Enumerable.Range(0, 40).Select(i => new JsonObject { ["q"] = texts[i % texts.Length] }.ToJsonString()).ToList();
        var sequential = new List<string>();
        foreach (var request in requests)
        {
            sequential.Add((await _client.PostAsync("/parse", request)).Body!.ToJsonString());
        }

        var concurrent = await Task.WhenAll(requests.Select(async request => (await _client.PostAsync("/parse", request)).Body!.ToJsonString()));

        Assert.Equal(sequential, concurrent);
    }

    public static TheoryData<string, string> MalformedTrainingData() => new()
    {
        { """{"rasa_nlu_data": {"common_examples": [""", "not valid JSON" },
        { """{"rasa_nlu_data": {"common_examples": []}}""", "no examples" },
        { """{"rasa_nlu_data": {"common_examples": [{"text": "hi", "intent": "greet"}, {"text": "what now"}]}}""", "has no intent" },
        { """{"rasa_nlu_data": {"common_examples": [{"text": "hi", "intent": "greet", "entities": [{"start": 1, "end": 9, "value": "x", "entity": "e"}]}]}}""", "outside the text" },
        { """{"rasa_nlu_data": {"common_examples": [{"text": "hi", "intent": "greet"}], "lookup_tables": [{"name": "l", "elements": "/etc/hostname"}]}}""", "cannot refer to files" },
        { """{"sentences": []}""", "rasa_nlu_data" },
        { "   ", "empty" },
    };

    [Theory]
    [MemberData(nameof(MalformedTrainingData))]
    public async Task Malformed_training_data_is_400_naming_the_problem_and_registers_nothing(string data, string problem)
    {
        var (status, body) = await _client.PostAsync("/train?name=broken", data);

        Assert.True(status == HttpStatusCode.BadRequest, $"{status} {body}");
        Assert.Contains(problem, body!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/parse", """{"q": "hi", "model": "broken"}""")).Status);
        Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "nlu-models", "broken")));
    }

    public static TheoryData<string, string, string?, string> MalformedRequests() => new()
    {
        { "POST", "/parse", "{}", "'query'" },
        { "POST", "/parse", """{"query": 3}""", "'query' must be a string" },
        { "POST", "/parse", """{"q": "hi", "model": 5}""", "'model' must be a string" },
        { "POST", "/parse", "[1]", "JSON object" },
        { "POST", "/parse", "not json", "not valid JSON" },
        { "GET", "/parse", null, "?q=" },
        { "POST", "/model/parse", """{"query": "hi"}""", "'text'" },
        { "POST", "/train?name=../escape", MoodsData, "Invalid model name" },
        { "POST", "/train?name=x&pipeline=nonsense", MoodsData, "unknown NLU pipeline template" },
        { "POST", "/train?name=x&word_max_ngram=many", MoodsData, "'word_max_ngram'" },
        { "POST", "/train?name=x&word_min_ngram=3&word_max_ngram=2", MoodsData, "word n-gram range" },
        { "POST", "/train?name=x&intent_classifier=forest", MoodsData, "'intent_classifier'" },
        { "POST", "/train?name=x&intent_naive_bayes=-1", MoodsData, "'intent_naive_bayes'" },
        { "POST", "/train?name=x&intent_vector_fusion=-1", MoodsData, "'intent_vector_fusion'" },
        { "POST", "/train?name=x&crf_l2=-1", MoodsData, "'crf_l2'" },
        { "POST", "/train?name=x&tagger_crf=maybe", MoodsData, "'tagger_crf'" },
        { "POST", "/train?name=x&tagger_rare_word_dropout=-1", MoodsData, "'tagger_rare_word_dropout'" },
        { "POST", "/train?name=x&tagger_dropout_copies=maybe", MoodsData, "'tagger_dropout_copies'" },
        { "POST", "/train?name=x&sentence_encoder=bert-large", MoodsData, "'sentence_encoder'" },
        { "POST", "/train?name=x&tagger_token_vectors=maybe", MoodsData, "'tagger_token_vectors'" },
        { "POST", "/train?name=x&tagger_token_vector_scale=-1", MoodsData, "'tagger_token_vector_scale'" },
        { "POST", "/train?name=x&tagger_token_vectors=true", MoodsData, "tagger_token_vectors needs a sentence encoder" },
        { "POST", "/train?name=x&fallback_threshold=1.5", MoodsData, "'fallback_threshold'" },
        { "POST", "/train?name=x&fallback_ambiguity_threshold=-0.1", MoodsData, "'fallback_ambiguity_threshold'" },
    };

    [Fact]
    public async Task Train_with_a_fallback_threshold_answers_nlu_fallback_when_unsure()
    {
        var (status, trained) = await _client.PostAsync("/train?name=orders-fallback&fallback_threshold=0.99&fallback_ambiguity_threshold=0", MoodsData);
        Assert.True(status == HttpStatusCode.OK, $"{status} {trained}");

        var (_, parsed) = await _client.PostAsync("/parse", """{"q": "the capital of peru", "model": "orders-fallback"}""");

        Assert.Equal("nlu_fallback", IntentOf(parsed));
        Assert.Equal(0.99, parsed!["intent"]!["confidence"]!.GetValue<double>(), 6);
        var ranking = parsed["intent_ranking"]!.AsArray();
        Assert.Equal("nlu_fallback", ranking[0]!["name"]!.GetValue<string>());
        Assert.Contains(ranking.Skip(1), r => r!["name"]!.GetValue<string>() == "order");
    }

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Malformed_nlu_requests_are_400(string method, string path, string? body, string problem)
    {
        var (status, answer) = await _client.SendAsync(new HttpMethod(method), path, body);

        Assert.True(status == HttpStatusCode.BadRequest, $"{status} {answer}");
        Assert.Contains(problem, answer!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_lists_the_loaded_models_and_the_training_limit()
    {
        var (status, body) = await _client.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body!["max_training_processes"]!.GetValue<int>());
        var project = body["available_projects"]!["default"]!;
        Assert.Equal("ready", project["status"]!.GetValue<string>());
        Assert.Contains("default", project["loaded_models"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Empty(body["training_jobs"]!.AsArray());
    }
}
