using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests.LaterApi;

/// <summary><c>PUT /model</c>, <c>DELETE /model</c> and <c>GET /status</c>'s later keys, through the model registry.</summary>
public sealed class ModelRoutesTests
{
    private static async Task<List<string>> ActionsAsync(RasaClient client)
    {
        var (status, domain) = await client.GetAsync("/domain");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. domain!["actions"]!.AsArray().Select(a => a!.GetValue<string>())];
    }

    private static void AssertRasa3Error(JsonNode? body, int code)
    {
        Assert.Equal("failure", body!["status"]!.GetValue<string>());
        Assert.Equal(code, body["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
        Assert.NotNull(body["reason"]);
        Assert.NotNull(body["version"]);
    }

    [Fact]
    public async Task Put_model_loads_a_model_directory_through_the_registry()
    {
        await using var later = new LaterApiServer();
        var client = later.Client();
        Assert.Contains("utter_greet", await ActionsAsync(client));

        var (status, body) = await client.PutAsync("/model", new JsonObject { ["model_file"] = Path.Combine(later.ModelDirectory, "restaurantbot") }.ToJsonString());

        Assert.True(status == HttpStatusCode.NoContent, $"{status} {body}");
        Assert.Contains("utter_ask_cuisine", await ActionsAsync(client));
        var (_, registry) = await client.GetAsync("/cluster/models");
        var bot = Assert.Single(registry!["models"]!.AsArray(), m => m!["slot"]!.GetValue<string>() == "bot/default")!;
        Assert.Equal("load", bot["source"]!.GetValue<string>());
        var (_, statusBody) = await client.GetAsync("/status");
        Assert.Equal(bot["fingerprint"]!.GetValue<string>(), statusBody!["model_id"]!.GetValue<string>());
        Assert.Empty(later.ScratchFiles());
    }

    [Fact]
    public async Task Put_model_loads_a_model_zip_by_a_relative_path()
    {
        await using var later = new LaterApiServer();
        File.WriteAllBytes(Path.Combine(later.ModelDirectory, "restaurant.zip"), ModelZip.Of(ShippedBots.Model("restaurantbot")));
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(later.ModelDirectory, "restaurant.zip"));

        var (status, body) = await later.Client().PutAsync("/model", new JsonObject { ["model_file"] = relative }.ToJsonString());

        Assert.True(status == HttpStatusCode.NoContent, $"{status} {body}");
        Assert.Contains("utter_ask_cuisine", await ActionsAsync(later.Client()));
    }

    [Fact]
    public async Task Put_model_refuses_paths_outside_the_model_directory_and_changes_nothing()
    {
        await using var later = new LaterApiServer();
        var client = later.Client();
        var outside = new[]
        {
            ShippedBots.Model("restaurantbot"),
            Path.Combine(later.ModelDirectory, "..", "data"),
            later.ModelDirectory,
            "/etc/passwd",
        };
        Directory.CreateSymbolicLink(Path.Combine(later.ModelDirectory, "link"), ShippedBots.Model("restaurantbot"));

        foreach (var path in outside.Append(Path.Combine(later.ModelDirectory, "link")))
        {
            var (status, body) = await client.PutAsync("/model", new JsonObject { ["model_file"] = path }.ToJsonString());

            Assert.Equal(HttpStatusCode.BadRequest, status);
            AssertRasa3Error(body, 400);
        }

        Assert.Contains("utter_greet", await ActionsAsync(client));
        var (_, registry) = await client.GetAsync("/cluster/models");
        Assert.Equal("startup", Assert.Single(registry!["models"]!.AsArray())!["source"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"model_file": 3}""")]
    [InlineData("""{"model_file": ""}""")]
    [InlineData("""{"model_file": "nope/missing.zip"}""")]
    [InlineData("""{"model_server": {"url": "http://example.com/model.zip"}}""")]
    [InlineData("""{"model_file": "x", "remote_storage": "aws"}""")]
    [InlineData("not json")]
    public async Task Put_model_with_a_bad_body_is_400_in_rasa_3_error_shape(string json)
    {
        await using var later = new LaterApiServer();

        var (status, body) = await later.Client().PutAsync("/model", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertRasa3Error(body, 400);
        Assert.Contains("utter_greet", await ActionsAsync(later.Client()));
    }

    [Fact]
    public async Task Put_model_with_a_broken_model_is_400_and_leaves_nothing_behind()
    {
        await using var later = new LaterApiServer();
        var broken = Path.Combine(later.ModelDirectory, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "manifest.json"), "{\"format_version\": 99}");
        using (var zip = ZipFile.Open(Path.Combine(later.ModelDirectory, "garbage.zip"), ZipArchiveMode.Create))
        {
            zip.CreateEntry("domain.yml");
        }

        foreach (var name in new[] { "broken", "garbage.zip" })
        {
            var (status, body) = await later.Client().PutAsync("/model", new JsonObject { ["model_file"] = Path.Combine(later.ModelDirectory, name) }.ToJsonString());

            Assert.Equal(HttpStatusCode.BadRequest, status);
            AssertRasa3Error(body, 400);
        }

        Assert.Contains("utter_greet", await ActionsAsync(later.Client()));
        Assert.Empty(later.ScratchFiles());
        Assert.Equal(["manifest.json"], Directory.GetFiles(broken).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Delete_model_unloads_it_until_a_model_is_put_again_also_after_a_restart()
    {
        await using var later = new LaterApiServer();
        var client = later.Client();

        var (deleted, _) = await client.SendAsync(HttpMethod.Delete, "/model", null);

        Assert.Equal(HttpStatusCode.NoContent, deleted);
        var (testStatus, testBody) = await client.PostAsync("/model/test/stories", "## s\n* greet\n  - utter_greet\n");
        Assert.Equal(HttpStatusCode.Conflict, testStatus);
        AssertRasa3Error(testBody, 409);
        var (_, status) = await client.GetAsync("/status");
        Assert.Null(status!["model_id"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/domain")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync($"/conversations/{RasaClient.NewId()}/respond", """{"query": "/greet"}""")).Status);

        // the registry holds the unloading: a restarted server does not serve its start-up model either
        await later.RestartAsync();
        client = later.Client();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/domain")).Status);

        var (put, _) = await client.PutAsync("/model", new JsonObject { ["model_file"] = Path.Combine(later.ModelDirectory, "greetbot") }.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, put);
        var (respond, messages) = await client.PostAsync($"/conversations/{RasaClient.NewId()}/respond", """{"query": "/greet"}""");
        Assert.Equal(HttpStatusCode.OK, respond);
        Assert.Equal("Hey! How are you?", messages![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_answers_both_the_nlu_shape_and_the_later_shape()
    {
        await using var later = new LaterApiServer();

        var (status, body) = await later.Client().GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, status);
        // Rasa NLU 0.x
        Assert.NotNull(body!["available_projects"]!["default"]);
        Assert.Equal(1, body["max_training_processes"]!.GetValue<int>());
        // Rasa 1.x-3.x
        Assert.Equal(0, body["num_active_training_jobs"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["model_id"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["model_file"]!.GetValue<string>()));
        Assert.StartsWith(body["fingerprint"]!["dialogue"]!.GetValue<string>(), body["model_id"]!.GetValue<string>());
        Assert.NotNull(body["fingerprint"]!["nlu"]);
    }
}
