using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Server.Tests.Fuzzing;

/// <summary>
/// Generated bad bodies for the two routes that change models: <c>POST /load</c> (a model zip whose manifest is
/// spoiled) and <c>POST /train</c> (spoiled NLU training data). Never a 5xx; a refusal is a JSON error that
/// leaves no folder behind and changes neither the served domain nor the registered NLU models.
/// </summary>
public sealed class GeneratedUploadTests(LoadServer factory) : IClassFixture<LoadServer>
{
    private const string Seed = "0000000000ra";

    private const int Bodies = 300;

    private const string TrainingData = """
        {"rasa_nlu_data": {"common_examples": [
          {"text": "i want pizza", "intent": "order", "entities": [{"start": 7, "end": 12, "value": "pizza", "entity": "food"}]},
          {"text": "what time is it", "intent": "ask_time", "entities": []},
          {"text": "tell me the time", "intent": "ask_time"}
        ], "entity_synonyms": [{"value": "pizza", "synonyms": ["pie"]}], "regex_features": [{"name": "zip", "pattern": "[0-9]{5}"}]}}
        """;

    [Fact]
    public async Task Generated_bad_manifests_on_load_never_fail_the_server_and_leave_nothing_behind()
    {
        var client = factory.CreateClient();
        var manifest = File.ReadAllText(Path.Combine(factory.HellobotModel, "manifest.json"));
        await JsonMutation.Generator.Where(m => m.What != JsonMutation.Kind.Unchanged).SampleAsync(
            async mutation =>
            {
                var domainBefore = await client.GetStringAsync("/domain");
                var foldersBefore = Folders();
                var file = new ByteArrayContent(ZipWithManifest(mutation.Apply(manifest)));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
                using var form = new MultipartFormDataContent { { file, "model", "model.zip" } };
                using var response = await client.PostAsync("/load", form);
                var status = (int)response.StatusCode;
                var answer = await response.Content.ReadAsStringAsync();
                Assert.True(status < 500, $"/load answered {status} {answer}");
                if (status >= 400)
                {
                    Assert.IsType<JsonObject>(JsonText.Read(answer))["error"]!.GetValue<string>();
                    Assert.Equal(domainBefore, await client.GetStringAsync("/domain"));
                    Assert.Equal(foldersBefore, Folders());
                }
            },
            seed: Seed, iter: Bodies, threads: 1, print: mutation => $"{mutation}: {mutation.Apply(manifest)}");
    }

    [Fact]
    public async Task Generated_bad_training_data_never_fails_the_server_and_registers_nothing()
    {
        var client = factory.CreateClient();
        var index = 0;
        await JsonMutation.Generator.SampleAsync(
            async mutation =>
            {
                var name = $"fuzz{Interlocked.Increment(ref index)}";
                using var response = await client.PostAsync($"/train?name={name}", new StringContent(mutation.Apply(TrainingData), Encoding.UTF8));
                var status = (int)response.StatusCode;
                var answer = await response.Content.ReadAsStringAsync();
                Assert.True(status < 500, $"/train answered {status} {answer}");
                var (_, parsed) = await new RasaClient(client).PostAsync("/parse", $$"""{"q": "hello", "model": "{{name}}"}""");
                if (status >= 400)
                {
                    Assert.IsType<JsonObject>(JsonText.Read(answer))["error"]!.GetValue<string>();
                    Assert.Contains("No NLU model named", parsed!["error"]!.GetValue<string>());
                    Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "nlu-models", name)));
                }
                else
                {
                    Assert.Equal(name, parsed!["model"]!.GetValue<string>());
                }
            },
            seed: Seed, iter: Bodies, threads: 1, print: mutation => $"{mutation}: {mutation.Apply(TrainingData)}");
    }

    private List<string> Folders() =>
        Directory.Exists(factory.ModelsRoot) ? [.. Directory.GetDirectories(factory.ModelsRoot).Order()] : [];

    private byte[] ZipWithManifest(string manifest)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(factory.HellobotModel, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetRelativePath(factory.HellobotModel, file).Replace('\\', '/');
                if (name == "manifest.json")
                {
                    using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                    writer.Write(manifest);
                }
                else
                {
                    zip.CreateEntryFromFile(file, name);
                }
            }
        }

        return buffer.ToArray();
    }
}
