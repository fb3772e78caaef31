using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RasaOrleans.Core.Nlu;

namespace RasaOrleans.NluBenchmark;

/// <summary>
/// Braun et al. 2017 corpora: sentences with an intent, entities given as inclusive token indices, and a
/// <c>training</c> flag. Token indices are turned into character offsets with the corpus' tokenization (word
/// runs and single punctuation characters), checked against each entity's text.
/// </summary>
internal static partial class BraunCorpus
{
    public static readonly string[] Files = ["ChatbotCorpus.json", "AskUbuntuCorpus.json", "WebApplicationsCorpus.json"];

    public static BenchmarkSplit Read(string path, TextWriter log)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var train = new List<NluExample>();
        var test = new List<NluExample>();
        var misaligned = 0;
        foreach (var sentence in root["sentences"]!.AsArray())
        {
            var text = (string)sentence!["text"]!;
            var tokens = TokenPattern().Matches(text);
            var entities = new List<NluEntity>();
            foreach (var entity in sentence["entities"]!.AsArray())
            {
                int first = (int)entity!["start"]!, last = (int)entity["stop"]!;
                var value = (string)entity["text"]!;
                int start, end;
                if (last < tokens.Count && text[tokens[first].Index..(tokens[last].Index + tokens[last].Length)] == value)
                {
                    (start, end) = (tokens[first].Index, tokens[last].Index + tokens[last].Length);
                }
                else if (text.IndexOf(value, StringComparison.Ordinal) is var at and >= 0)
                {
                    misaligned++;
                    (start, end) = (at, at + value.Length);
                }
                else
                {
                    misaligned++;
                    continue;
                }

                entities.Add(new NluEntity(start, end, value, (string)entity["entity"]!));
            }

            var example = new NluExample(text, (string)sentence["intent"]!, entities);
            ((bool)sentence["training"]! ? train : test).Add(example);
        }

        if (misaligned > 0)
        {
            log.WriteLine($"  {Path.GetFileName(path)}: {misaligned} entities located by text search (token indices did not match)");
        }

        var name = Path.GetFileNameWithoutExtension(path).Replace("Corpus", "", StringComparison.Ordinal);
        return new BenchmarkSplit(name, new NluTrainingData { Examples = train }, test);
    }

    [GeneratedRegex(@"\w+|[^\w\s]")]
    private static partial Regex TokenPattern();
}
