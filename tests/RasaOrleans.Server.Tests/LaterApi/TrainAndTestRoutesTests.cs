using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Server.Tests.LaterApi;

/// <summary><c>POST /model/train</c>, <c>POST /model/test/intents</c> and <c>POST /model/test/stories</c>.</summary>
public sealed class TrainAndTestRoutesTests
{
    /// <summary>A small bot in Rasa 3's one-document training format.</summary>
    public const string TrainingYaml = """
        version: "3.1"
        language: en
        pipeline:
          - name: WhitespaceTokenizer
        policies:
          - name: MemoizationPolicy
            max_history: 3
        intents:
          - greet
          - bye
        responses:
          utter_hello:
            - text: "Hello from a trained bot"
          utter_bye:
            - text: "Bye now"
        nlu:
          - intent: greet
            examples: |
              - hello
              - hi there
              - good morning
          - intent: bye
            examples: |
              - bye
              - see you later
              - goodbye
        stories:
          - story: greet
            steps:
              - intent: greet
              - action: utter_hello
          - story: bye
            steps:
              - intent: bye
              - action: utter_bye
        """;

    private static async Task<(HttpStatusCode Status, byte[] Body, HttpResponseMessage Response)> PostAsync(RasaServerFactory server, string path, string body)
    {
        var response = await server.CreateClient().PostAsync(path, new StringContent(body, Encoding.UTF8, "text/plain"));
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response);
    }

    [Fact]
    public async Task Train_answers_a_model_zip_that_put_model_then_serves()
    {
        await using var later = new LaterApiServer();

        var (status, zip, response) = await PostAsync(later.Server, "/model/train", TrainingYaml);

        Assert.True(status == HttpStatusCode.OK, $"{status} {Encoding.UTF8.GetString(zip)}");
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var name = response.Headers.GetValues("filename").Single();
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "manifest.json");
            Assert.Contains(archive.Entries, e => e.FullName.StartsWith("nlu/", StringComparison.Ordinal));
        }

        var saved = Path.Combine(later.ModelDirectory, name);
        Assert.Equal(zip, File.ReadAllBytes(saved));
        Assert.Empty(later.ScratchFiles());

        var client = later.Client();
        var (put, putBody) = await client.PutAsync("/model", new JsonObject { ["model_file"] = saved }.ToJsonString());
        Assert.True(put == HttpStatusCode.NoContent, $"{put} {putBody}");
        var (respond, messages) = await client.PostAsync($"/conversations/{RasaClient.NewId()}/respond", """{"query": "good morning"}""");
        Assert.Equal(HttpStatusCode.OK, respond);
        Assert.Equal("Hello from a trained bot", messages![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Train_does_not_load_the_model_and_saves_nothing_when_asked_not_to()
    {
        await using var later = new LaterApiServer();
        var before = Directory.GetFileSystemEntries(later.ModelDirectory);

        var (status, zip, _) = await PostAsync(later.Server, "/model/train?save_to_default_model_directory=false", TrainingYaml);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(zip);
        Assert.Equal(before, Directory.GetFileSystemEntries(later.ModelDirectory));
        var (_, domain) = await later.Client().GetAsync("/domain");
        Assert.Contains("utter_greet", domain!["actions"]!.ToJsonString());
    }

    [Fact]
    public async Task Train_accepts_rasa_1_json_with_a_file_per_key()
    {
        await using var later = new LaterApiServer();
        var body = new JsonObject
        {
            ["domain"] = "intents:\n  - greet\nactions:\n  - utter_hello\ntemplates:\n  utter_hello:\n    - text: hi\n",
            ["config"] = "policies:\n  - name: MemoizationPolicy\n",
            ["nlu"] = "## intent:greet\n- hello\n- hi\n",
            ["stories"] = "## s\n* greet\n  - utter_hello\n",
        };

        var (status, zip, _) = await PostAsync(later.Server, "/model/train?save_to_default_model_directory=false", body.ToJsonString());

        Assert.True(status == HttpStatusCode.OK, Encoding.UTF8.GetString(zip));
    }

    [Theory]
    [InlineData("intents: [greet\n", "line")]
    [InlineData("- just\n- a list\n", "mapping")]
    [InlineData("intents:\n  - greet\nresponses:\n  utter_hi:\n    - text: hi\n", "no stories")]
    [InlineData("stories:\n  - story: s\n    steps:\n      - intent: greet\n", "no domain")]
    [InlineData("version: \"3.1\"\n", "nothing to train")]
    [InlineData("intents:\n  - greet\nstories:\n  - story: s\n    steps:\n      - intent: greet\n      - action: utter_unknown\n", "utter_unknown")]
    public async Task Train_with_bad_or_missing_parts_is_400_and_leaves_nothing_behind(string yaml, string expected)
    {
        await using var later = new LaterApiServer();
        var before = Directory.GetFileSystemEntries(later.ModelDirectory);

        var (status, bytes, _) = await PostAsync(later.Server, "/model/train", yaml);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var body = JsonText.Read(Encoding.UTF8.GetString(bytes));
        Assert.Equal("failure", body["status"]!.GetValue<string>());
        Assert.Contains(expected, body["message"]!.GetValue<string>());
        Assert.DoesNotContain(later.DataDirectory, body["message"]!.GetValue<string>());
        Assert.Equal(before, Directory.GetFileSystemEntries(later.ModelDirectory));
        Assert.Empty(later.ScratchFiles());
    }

    [Fact]
    public async Task Train_with_a_huge_body_is_413()
    {
        await using var later = new LaterApiServer();

        var (status, _, _) = await PostAsync(later.Server, "/model/train", "nlu: |\n" + new string('x', 17 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Empty(later.ScratchFiles());
    }

    [Fact]
    public async Task Test_intents_reports_the_loaded_nlu_model_on_posted_data()
    {
        await using var later = new LaterApiServer();
        var nlu = File.ReadAllText(Path.Combine(ShippedBots.Folder("greetbot"), "data", "nlu.md"));

        var (status, bytes, _) = await PostAsync(later.Server, "/model/test/intents", nlu);

        Assert.Equal(HttpStatusCode.OK, status);
        var body = JsonText.Read(Encoding.UTF8.GetString(bytes));
        var intents = body["intent_evaluation"]!;
        Assert.True(intents["accuracy"]!.GetValue<double>() > 0.8, intents["accuracy"]!.ToJsonString());
        Assert.NotNull(intents["report"]!["greet"]!["f1-score"]);
        var predictions = intents["predictions"]!.AsArray();
        Assert.NotEmpty(predictions);
        Assert.All(predictions, p => Assert.NotNull(p!["predicted"]));
    }

    [Fact]
    public async Task Test_intents_counts_wrong_labels_as_errors()
    {
        await using var later = new LaterApiServer();

        // greetings labelled as goodbyes: the model says greet, so every one is an error
        var (status, bytes, _) = await PostAsync(later.Server, "/model/test/intents", "## intent:goodbye\n- hello\n- hey there\n- good morning\n");

        Assert.Equal(HttpStatusCode.OK, status);
        var intents = JsonText.Read(Encoding.UTF8.GetString(bytes))["intent_evaluation"]!;
        Assert.Equal(0.0, intents["accuracy"]!.GetValue<double>());
        Assert.Equal(3, intents["errors"]!.AsArray().Count);
    }

    [Fact]
    public async Task Test_stories_scores_the_loaded_dialogue_model()
    {
        await using var later = new LaterApiServer();
        var stories = File.ReadAllText(Path.Combine(ShippedBots.Folder("greetbot"), "data", "stories.md"));
        const string Wrong = "\n## a story the bot does not follow\n* greet\n  - utter_goodbye\n";

        var (status, bytes, _) = await PostAsync(later.Server, "/model/test/stories", stories);
        var (wrongStatus, wrongBytes, _) = await PostAsync(later.Server, "/model/test/stories", stories + Wrong);

        Assert.Equal(HttpStatusCode.OK, status);
        var body = JsonText.Read(Encoding.UTF8.GetString(bytes));
        Assert.Equal(1.0, body["accuracy"]!.GetValue<double>());
        Assert.Contains(body["actions"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "utter_greet");
        Assert.NotNull(body["report"]!["utter_greet"]);
        Assert.Equal(HttpStatusCode.OK, wrongStatus);
        var wrong = JsonText.Read(Encoding.UTF8.GetString(wrongBytes));
        Assert.True(wrong["accuracy"]!.GetValue<double>() < 1.0);
        Assert.True(wrong["conversation_accuracy"]!["correct"]!.GetValue<int>() < wrong["conversation_accuracy"]!["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/model/test/stories", "stories:\n  - story: s\n    steps: 3\n")]
    [InlineData("/model/test/stories", "")]
    [InlineData("/model/test/intents", "")]
    [InlineData("/model/test/stories?e2e=maybe", "## s\n* greet\n  - utter_greet\n")]
    public async Task Test_routes_with_bad_input_are_400(string path, string body)
    {
        await using var later = new LaterApiServer();

        var (status, bytes, _) = await PostAsync(later.Server, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("failure", JsonText.Read(Encoding.UTF8.GetString(bytes))["status"]!.GetValue<string>());
    }
}
