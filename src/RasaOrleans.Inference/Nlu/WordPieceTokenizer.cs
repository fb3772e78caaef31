namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// The uncased WordPiece tokenizer of the packaged sentence encoders, written to give exactly the word pieces the
/// packages' own tokenizer gives (so that the encoder's vectors are the packages' ones), and to say which
/// characters of the message each piece came from (so that every <see cref="NluToken"/> knows its pieces).
/// The package's rules, kept as they are: words are split at spaces (and CR LF), then at a fixed set of punctuation
/// characters, which become words of their own; words are lower-cased; a word longer than 50 characters is
/// dropped; a word not in the vocabulary is split greedily into the longest known prefix and <c>##</c>
/// continuations, ending in <c>[UNK]</c> where no piece matches; at most 512 pieces, <c>[CLS]</c> and
/// <c>[SEP]</c> included. Immutable and thread-safe.
/// </summary>
internal sealed class WordPieceTokenizer
{
    /// <summary>Most pieces per text, the special ones included (the encoders' position limit).</summary>
    public const int MaxPieces = 512;

    private const int MaxWordLength = 50;
    private const string Punctuation = ".,;:\\/?!#$%()=+-*\"'–_`<>&^@{}[]|~";

    private readonly Dictionary<string, int> _ids;

    /// <summary>Reads a <c>vocab.txt</c>: one piece per line, numbered from 0 in order, blank lines skipped.</summary>
    public WordPieceTokenizer(Stream vocabulary)
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = new StreamReader(vocabulary);
        var id = 0;
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                // a repeated line keeps its last number, as the package's dictionary does
                _ids[line] = id++;
            }
        }

        Cls = _ids["[CLS]"];
        Sep = _ids["[SEP]"];
        Unknown = _ids["[UNK]"];
    }

    public int Cls { get; }

    public int Sep { get; }

    public int Unknown { get; }

    /// <summary>
    /// The pieces of <paramref name="text"/>, <c>[CLS]</c> first and <c>[SEP]</c> last (unless cut at
    /// <see cref="MaxPieces"/>), each with the characters <c>[Start, End)</c> of the text it stands for
    /// (<c>[CLS]</c>/<c>[SEP]</c>: an empty range).
    /// </summary>
    public List<WordPiece> Tokenize(string text)
    {
        var pieces = new List<WordPiece> { new(Cls, 0, 0) };
        var words = 0;
        foreach (var (start, end) in Words(text))
        {
            if (words++ == MaxPieces || pieces.Count >= MaxPieces)
            {
                break;
            }

            AddPieces(text, start, end, pieces);
        }

        pieces.Add(new WordPiece(Sep, text.Length, text.Length));
        if (pieces.Count > MaxPieces)
        {
            pieces.RemoveRange(MaxPieces, pieces.Count - MaxPieces);
        }

        return pieces;
    }

    /// <summary>Character ranges of the words: text between spaces (or CR LF), then split at and around punctuation.</summary>
    private static IEnumerable<(int Start, int End)> Words(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            int separator = i == text.Length ? 0
                : text[i] == ' ' ? 1
                : text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2
                : -1;
            if (separator < 0)
            {
                continue;
            }

            var from = start;
            for (var k = start; k < i; k++)
            {
                if (Punctuation.Contains(text[k]))
                {
                    if (k > from)
                    {
                        yield return (from, k);
                    }

                    yield return (k, k + 1);
                    from = k + 1;
                }
            }

            if (from < i)
            {
                yield return (from, i);
            }

            start = i + Math.Max(separator, 1);
            i = start - 1;
        }
    }

    private void AddPieces(string text, int start, int end, List<WordPiece> pieces)
    {
        var word = text[start..end].ToLowerInvariant();
        if (word.Length > MaxWordLength)
        {
            return;
        }

        if (_ids.TryGetValue(word, out var whole))
        {
            pieces.Add(new WordPiece(whole, start, end));
            return;
        }

        // where each piece's characters lie: exact only when lower-casing kept the length
        var exact = word.Length == end - start;
        var rest = word;
        var position = start;
        var added = 0;
        while (rest.Length > 2)
        {
            var shortest = rest.StartsWith("##", StringComparison.Ordinal) ? 2 : 1;
            var length = rest.Length;
            while (length >= shortest && !_ids.ContainsKey(rest[..length]))
            {
                length--;
            }

            if (length < shortest || (length == 2 && shortest == 2))
            {
                // no known prefix (or only "##" itself, which would not move on): the rest is unknown
                pieces.Add(new WordPiece(Unknown, exact ? position : start, end));
                return;
            }

            var prefix = rest[..length];
            var consumed = prefix.StartsWith("##", StringComparison.Ordinal) && shortest == 2 ? length - 2 : length;
            pieces.Add(new WordPiece(_ids[prefix], exact ? position : start, exact ? position + consumed : end));
            position += consumed;
            added++;
            rest = "##" + rest[length..];
        }

        if (added == 0 && !string.IsNullOrWhiteSpace(word))
        {
            pieces.Add(new WordPiece(Unknown, start, end));
        }
    }
}
