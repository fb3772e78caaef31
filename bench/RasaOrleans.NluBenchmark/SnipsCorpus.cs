using System.Text;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Nlu;

namespace RasaOrleans.NluBenchmark;

/// <summary>
/// Snips 2017 custom intent engines: per intent, a pool of 300 training queries and 100 validation queries.
/// As in that benchmark, each intent is trained and tested on its own, with training sets of 70 queries drawn
/// from the pool (several seeded draws).
/// </summary>
internal static class SnipsCorpus
{
    public static readonly string[] Intents =
        ["AddToPlaylist", "BookRestaurant", "GetWeather", "PlayMusic", "RateBook", "SearchCreativeWork", "SearchScreeningEvent"];

    public static List<NluExample> ReadQueries(string path, string intent)
    {
        var root = JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8))!;
        var result = new List<NluExample>();
        foreach (var query in root[intent]!.AsArray())
        {
            var text = new StringBuilder();
            var entities = new List<NluEntity>();
            foreach (var chunk in query!["data"]!.AsArray())
            {
                var part = (string)chunk!["text"]!;
                if (chunk["entity"] is { } entity)
                {
                    // slot values sometimes carry surrounding spaces; the slot is the trimmed text
                    var lead = part.Length - part.TrimStart().Length;
                    var value = part.Trim();
                    if (value.Length > 0)
                    {
                        entities.Add(new NluEntity(text.Length + lead, text.Length + lead + value.Length, value, (string)entity!));
                    }
                }

                text.Append(part);
            }

            result.Add(new NluExample(text.ToString(), intent, entities));
        }

        return result;
    }

    /// <summary>A seeded sample of <paramref name="count"/> queries from the pool.</summary>
    public static List<NluExample> Sample(List<NluExample> pool, int count, int seed) =>
        [.. pool.OrderBy(_ => 0).Select((e, i) => (e, i)).OrderBy(p => Shuffle(p.i, seed)).Take(count).Select(p => p.e)];

    private static ulong Shuffle(int index, int seed)
    {
        // splitmix64: a fixed permutation per seed, identical on every runtime
        var z = (ulong)index + 0x9E3779B97F4A7C15UL * (ulong)(seed + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
