namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// How many training sentences each (lower-cased) word occurs in, for the entity tagger's word-frequency features:
/// a word the bot has never seen, or seen once, is more likely a new entity value than a word that occurs in many
/// sentences. In training the counts leave the sentence itself out, so that a word found only in that sentence
/// looks new, exactly as an unseen value does when parsing. Immutable after construction and thread-safe.
/// </summary>
internal sealed class TaggerVocabulary
{
    /// <summary>Frequency classes: never seen, seen in one sentence, in 2–4, in 5 or more.</summary>
    public const byte New = 0, Once = 1, Few = 2, Many = 3;

    private readonly Dictionary<ulong, int> _counts = [];

    /// <param name="words">Each word with the number of training sentences it occurs in.</param>
    public TaggerVocabulary(IEnumerable<KeyValuePair<string, int>> words)
    {
        var list = new List<KeyValuePair<string, int>>();
        foreach (var (word, count) in words)
        {
            _counts[Key(word)] = count;
            list.Add(KeyValuePair.Create(word, count));
        }

        Words = list;
    }

    /// <summary>The words with their sentence counts, as saved in the model.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Words { get; }

    /// <summary>The sentence counts of the words of tokenized training sentences.</summary>
    public static TaggerVocabulary Build(IReadOnlyList<string> texts, IReadOnlyList<List<NluToken>> tokenized)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var inSentence = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            inSentence.Clear();
            foreach (var token in tokenized[i])
            {
                if (token.IsWord)
                {
                    inSentence.Add(texts[i].Substring(token.Start, token.Length).ToLowerInvariant());
                }
            }

            foreach (var word in inSentence)
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        return new TaggerVocabulary(counts.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>
    /// The frequency class of every token of <paramref name="text"/> into <paramref name="classes"/>;
    /// <paramref name="leaveOneOut"/> (training) discounts the sentence itself, <paramref name="hidden"/> tokens count as new.
    /// </summary>
    public void Classify(string text, List<NluToken> tokens, Span<byte> classes, bool leaveOneOut = false, bool[]? hidden = null)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            var count = _counts.GetValueOrDefault(Key(text.AsSpan(tokens[t].Start, tokens[t].Length))) - (leaveOneOut ? 1 : 0);
            classes[t] = hidden is not null && hidden[t] ? New
                : count <= 0 ? New
                : count == 1 ? Once
                : count < 5 ? Few
                : Many;
        }
    }

    /// <summary>The number of training sentences <paramref name="word"/> occurs in (any case).</summary>
    public int Count(ReadOnlySpan<char> word) => _counts.GetValueOrDefault(Key(word));

    private static ulong Key(ReadOnlySpan<char> word) => FeatureHash.AddLower(FeatureHash.Start(0), word);
}
