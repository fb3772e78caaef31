using System.Text.RegularExpressions;
using RasaOrleans.Core.Nlu;
using RasaOrleans.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Core.Training;

/// <summary>
/// The training data of a <c>POST /model/train</c> body, in either of Rasa's forms: Rasa 2–3's single YAML document
/// whose keys are the domain's (<c>intents</c>, <c>responses</c>, …), the config's (<c>pipeline</c>,
/// <c>policies</c>, <c>language</c>), <c>nlu</c>, <c>stories</c> and <c>rules</c> (each part is then the whole
/// document, which each reader reads its own keys from, so line numbers stay the body's); or Rasa 1.x's JSON object
/// whose <c>domain</c>, <c>config</c>, <c>nlu</c> and <c>stories</c> hold a file's text each.
/// </summary>
public sealed partial record TrainingRequest(TrainingPart? Domain, TrainingPart? Config, TrainingPart? Nlu, TrainingPart? Stories)
{
    /// <summary>The file name of the single YAML document.</summary>
    public const string BodyFileName = "body.yml";

    private static readonly string[] s_legacyKeys = ["domain", "config", "nlu", "stories"];
    private static readonly string[] s_domainKeys = ["intents", "entities", "slots", "actions", "responses", "templates", "forms", "session_config"];

    /// <summary>Splits a body; a <see cref="RasaFormatException"/> says what is wrong with it.</summary>
    public static TrainingRequest Parse(string text)
    {
        if (YamlInput.ParseRoot(text, BodyFileName) is not YamlMappingNode root)
        {
            throw new RasaFormatException("the body must be a YAML mapping of training data (domain keys, config, nlu, stories, rules)");
        }

        string? Text(string key) =>
            YamlInput.TryGet(root, key, out _, out var value) && value is YamlScalarNode && YamlInput.AsString(value) is { } s ? s : null;
        bool Has(string key) => YamlInput.TryGet(root, key, out _, out var value) && !YamlInput.IsNull(value);

        if (s_legacyKeys.Any(k => Text(k) is not null))
        {
            var stories = Text("stories");
            var nlu = Text("nlu");
            return new TrainingRequest(
                Text("domain") is { } domain ? new TrainingPart("domain.yml", domain) : null,
                Text("config") is { } config ? new TrainingPart("config.yml", config) : null,
                nlu is null ? null : new TrainingPart(NluFileName(nlu), nlu),
                stories is null ? null : new TrainingPart(YamlStoriesKey().IsMatch(stories) ? "stories.yml" : "stories.md", stories));
        }

        var whole = new TrainingPart(BodyFileName, text);
        return new TrainingRequest(
            s_domainKeys.Any(Has) ? whole : null,
            Has("pipeline") || Has("policies") || Has("language") ? whole : null,
            Has("nlu") ? whole : null,
            Has("stories") || Has("rules") ? whole : null);
    }

    private static string NluFileName(string nlu) => NluTrainingDataReader.FormatOfText(nlu) switch
    {
        NluDataFormat.Json => "nlu.json",
        NluDataFormat.Yaml => "nlu.yml",
        _ => "nlu.md",
    };

    [GeneratedRegex(@"^(stories|rules):", RegexOptions.Multiline)]
    private static partial Regex YamlStoriesKey();
}
