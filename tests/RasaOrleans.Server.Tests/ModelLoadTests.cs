using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RasaOrleans.Server.Tests;

public sealed class ModelLoadTests(LoadServer factory) : IClassFixture<LoadServer>
{
    private readonly RasaClient _client = new(factory.CreateClient());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Loading_a_zipped_model_switches_the_served_domain(bool inTopLevelFolder)
    {
        var zip = ModelZip.Of(factory.HellobotModel, inTopLevelFolder ? "model/" : "");

        var (status, body) = await UploadAsync(zip);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body!["success"]!.GetValue<int>());
        var domain = (await _client.GetAsync("/domain")).Body!;
        Assert.Equal(["utter_hello"], domain["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var (_, parsed) = await _client.PostAsync($"/conversations/{RasaClient.NewId()}/parse", """{"query": "/hello"}""");
        Assert.Equal("utter_hello", parsed!["next_action"]!.GetValue<string>());
        // the model is in memory and in the registry: no unpacked folder stays behind
        Assert.Empty(Directory.GetFiles(factory.ModelsRoot, "manifest.json", SearchOption.AllDirectories));
        var (_, registry) = await _client.GetAsync("/cluster/models");
        var slot = Assert.Single(registry!["models"]!.AsArray(), m => m!["slot"]!.GetValue<string>() == "bot/default");
        Assert.Equal("load", slot!["source"]!.GetValue<string>());
        Assert.Equal(slot["fingerprint"]!.GetValue<string>(), registry["this_silo"]!["serving"]!["bot/default"]!.GetValue<string>());
    }

    public static TheoryData<string, string> BadUploads() => new()
    {
        { "not a zip", "not a zip archive" },
        { "three bytes", "not a zip archive" },
        { "parent path entry", "unsafe path" },
        { "absolute path entry", "unsafe path" },
        { "zip without a model", "not a model directory" },
        { "model with a changed file", "could not be loaded" },
        { "empty zip", "not a model directory" },
        { "manifest format a number", "'format' must be a string" },
        { "manifest files numbers", "'files' must be a list of strings" },
        { "manifest format_version a string", "'format_version' must be a whole number" },
        { "manifest lists /etc/hostname", "not a relative path inside the model directory" },
        { "manifest lists /dev/zero", "not a relative path inside the model directory" },
        { "manifest lists a parent path", "'..'" },
        { "manifest lists a file twice", "more than once" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Bad_upload_is_400_and_changes_nothing(string kind, string message)
    {
        var before = await DomainTextAsync();
        var foldersBefore = ModelFolders();

        var (status, body) = await UploadAsync(BadZip(kind));

        Assert.True(status == HttpStatusCode.BadRequest, $"{kind}: {status} {body}");
        Assert.Contains(message, body!["error"]!.GetValue<string>());
        Assert.Equal(before, await DomainTextAsync());
        Assert.Equal(foldersBefore, ModelFolders());
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "evil.txt")));
    }

    [Fact]
    public async Task Load_without_the_model_field_is_400()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "other", "x.zip" } };
        using var response = await _client.Http.PostAsync("/load", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'model'", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Load_with_a_json_body_is_400()
    {
        var (status, body) = await _client.PostAsync("/load", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("multipart/form-data", body!["error"]!.GetValue<string>());
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> UploadAsync(byte[] zip)
    {
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var form = new MultipartFormDataContent { { file, "model", "model.zip" } };
        using var response = await _client.Http.PostAsync("/load", form);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private async Task<string> DomainTextAsync() => (await _client.GetAsync("/domain")).Body!.ToJsonString();

    private List<string> ModelFolders() =>
        Directory.Exists(factory.ModelsRoot) ? [.. Directory.GetDirectories(factory.ModelsRoot).Order()] : [];

    private byte[] BadZip(string kind)
    {
        if (kind == "not a zip")
        {
            return Encoding.UTF8.GetBytes("this is plain text, not a zip");
        }

        if (kind == "three bytes")
        {
            return [1, 2, 3];
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }

            switch (kind)
            {
                case "parent path entry":
                    Add("manifest.json", "{}");
                    Add("../evil.txt", "escaped");
                    break;
                case "absolute path entry":
                    Add("/tmp/evil.txt", "escaped");
                    break;
                case "zip without a model":
                    Add("readme.txt", "no model here");
                    break;
                case "manifest format a number":
                    AddModel(Add, manifest => manifest["format"] = 3);
                    break;
                case "manifest files numbers":
                    AddModel(Add, manifest => manifest["files"] = new JsonArray(1, 2));
                    break;
                case "manifest format_version a string":
                    AddModel(Add, manifest => manifest["format_version"] = "1");
                    break;
                case "manifest lists /etc/hostname":
                    AddModel(Add, manifest => manifest["files"]!.AsArray().Add("/etc/hostname"));
                    break;
                case "manifest lists /dev/zero":
                    AddModel(Add, manifest => manifest["files"]!.AsArray().Add("/dev/zero"));
                    break;
                case "manifest lists a parent path":
                    AddModel(Add, manifest => manifest["files"]!.AsArray().Add("../../../../../../etc/hostname"));
                    break;
                case "manifest lists a file twice":
                    AddModel(Add, manifest => manifest["files"]!.AsArray().Add(manifest["files"]![0]!.GetValue<string>()));
                    break;
                case "model with a changed file":
                    foreach (var file in Directory.GetFiles(factory.HellobotModel, "*", SearchOption.AllDirectories))
                    {
                        var name = Path.GetRelativePath(factory.HellobotModel, file).Replace('\\', '/');
                        Add(name, name == "domain.yml" ? File.ReadAllText(file) + "\n# changed\n" : File.ReadAllText(file));
                    }

                    break;
            }
        }

        return buffer.ToArray();
    }

    // the hellobot model with its manifest edited
    private void AddModel(Action<string, string> add, Action<JsonObject> editManifest)
    {
        foreach (var file in Directory.GetFiles(factory.HellobotModel, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(factory.HellobotModel, file).Replace('\\', '/');
            if (name == "manifest.json")
            {
                var manifest = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
                editManifest(manifest);
                add(name, manifest.ToJsonString());
            }
            else
            {
                add(name, File.ReadAllText(file));
            }
        }
    }
}
