using System.Security.Cryptography;
using System.Text;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// General English knowledge for the entity tagger, the part a bot's few examples cannot teach: place names
/// (countries, US states and their postal codes, other first-level regions, cities) and the vocabulary of times
/// and numbers (months, weekdays, parts of the day, time units, number words, ordinals, holidays), with a small
/// grammar that finds whole time expressions ("in six years", "may 2nd, 2030", "8:15 p.m", "three hours from
/// now"). It never produces entities itself: it gives the tagger features (this token is a month, these tokens
/// are a country name or a time expression), and the tagger learns from the bot's data which entity type, if
/// any, such tokens are. The lists are embedded resources (<c>Nlu/Lexicon/*.txt</c>); immutable and thread-safe.
/// </summary>
internal sealed class BuiltinLexicon
{
    /// <summary>Span kinds; a <see cref="PatternMatch.Pattern"/> of a lexicon hit indexes this list.</summary>
    public static readonly string[] SpanNames = ["country", "us_state", "us_state_code", "region", "city", "time"];

    public const int TimeExpression = 5;

    /// <summary>Part of <see cref="Version"/>: raise it whenever the time grammar or the features built from the lexicon change.</summary>
    private const int GrammarRevision = 1;

    private static readonly (string Resource, int Span, bool CaseSensitive)[] s_lists =
    [
        ("countries.txt", 0, false), ("us_states.txt", 1, false), ("us_state_codes.txt", 2, true),
        ("regions.txt", 3, false), ("cities.txt", 4, false),
    ];

    private static readonly Lazy<BuiltinLexicon> s_english = new(() => new BuiltinLexicon());

    // every name's token sequence (lower-cased unless its list is case-sensitive) → the lists naming it (bit per
    // list), and every proper prefix of a name, so that a scan stops as soon as no name can continue
    private readonly Dictionary<ulong, int> _names = [];
    private readonly HashSet<ulong> _prefixes = [];
    private readonly Dictionary<ulong, WordClass> _classes = [];

    private BuiltinLexicon()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tokens = new List<NluToken>();
        for (var l = 0; l < s_lists.Length; l++)
        {
            var (resource, _, caseSensitive) = s_lists[l];
            var text = ReadResource(resource);
            sha.AppendData(Encoding.UTF8.GetBytes(resource + "\n" + text));
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                NluTokenizer.Tokenize(line, tokens);
                var hash = FeatureHash.Start(0);
                for (var k = 0; k < tokens.Count; k++)
                {
                    if (k > 0)
                    {
                        _prefixes.Add(hash);
                    }

                    var span = line.AsSpan(tokens[k].Start, tokens[k].Length);
                    hash = FeatureHash.Separator(caseSensitive ? AddExact(hash, span) : FeatureHash.AddLower(hash, span));
                }

                _names[hash] = _names.GetValueOrDefault(hash) | (1 << l);
            }
        }

        sha.AppendData(Encoding.UTF8.GetBytes($"grammar {GrammarRevision}\n"));
        foreach (var (words, wordClass) in s_wordClasses)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{wordClass}: {words}\n"));
            foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                _classes.TryAdd(FeatureHash.AddLower(FeatureHash.Start(0), word), wordClass);
            }
        }

        Version = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>The English lexicon (loaded once).</summary>
    public static BuiltinLexicon English => s_english.Value;

    /// <summary>
    /// A hash of the lists, the word classes and the grammar revision, recorded in models so that a model knows
    /// which lexicon it was trained with.
    /// </summary>
    public string Version { get; }

    /// <summary>What kind of time or number word a token is (<see cref="WordClass.None"/> for every other word).</summary>
    public WordClass ClassOf(ReadOnlySpan<char> token)
    {
        if (_classes.TryGetValue(FeatureHash.AddLower(FeatureHash.Start(0), token), out var found))
        {
            return found;
        }

        if (token.Length == 0 || !char.IsDigit(token[0]))
        {
            return WordClass.None;
        }

        var digits = 0;
        while (digits < token.Length && char.IsDigit(token[digits]))
        {
            digits++;
        }

        if (digits == token.Length)
        {
            return digits == 4 ? WordClass.Digits4 : digits <= 2 ? WordClass.Digits2 : WordClass.DigitsLong;
        }

        var rest = token[digits..];
        return rest.Equals("st", StringComparison.OrdinalIgnoreCase) || rest.Equals("nd", StringComparison.OrdinalIgnoreCase) ||
               rest.Equals("rd", StringComparison.OrdinalIgnoreCase) || rest.Equals("th", StringComparison.OrdinalIgnoreCase)
            ? WordClass.Ordinal
            : rest.Equals("am", StringComparison.OrdinalIgnoreCase) || rest.Equals("pm", StringComparison.OrdinalIgnoreCase)
                ? WordClass.ClockTime
                : WordClass.None;
    }

    /// <summary>
    /// Fills <paramref name="classes"/> with every token's <see cref="WordClass"/> and <paramref name="spans"/>
    /// (cleared first) with the place names and time expressions found; place names of different lists may
    /// overlap ("georgia", "new york"), names of one list take the longest match.
    /// </summary>
    public void Match(string text, List<NluToken> tokens, Span<WordClass> classes, List<PatternMatch> spans)
    {
        spans.Clear();
        var n = tokens.Count;
        for (var t = 0; t < n; t++)
        {
            classes[t] = ClassOf(text.AsSpan(tokens[t].Start, tokens[t].Length));
        }

        // per list, the longest name starting at each token, taking names left to right without overlap
        Span<int> nextFree = stackalloc int[s_lists.Length];
        Span<int> bestEnd = stackalloc int[s_lists.Length];
        nextFree.Clear();
        for (var i = 0; i < n; i++)
        {
            bestEnd.Clear();
            var found = false;
            var lower = FeatureHash.Start(0);
            for (var j = i; j < n; j++)
            {
                var token = text.AsSpan(tokens[j].Start, tokens[j].Length);
                lower = FeatureHash.Separator(FeatureHash.AddLower(lower, token));
                if (_names.TryGetValue(lower, out var lists))
                {
                    found |= Mark(lists, j + 1, bestEnd);
                }

                if (j == i && token.Length == 2 && char.IsUpper(token[0]) && char.IsUpper(token[1]) &&
                    _names.TryGetValue(FeatureHash.Separator(AddExact(FeatureHash.Start(0), token)), out var exact))
                {
                    found |= Mark(exact, j + 1, bestEnd);
                }

                if (!_prefixes.Contains(lower))
                {
                    break;
                }
            }

            if (!found)
            {
                continue;
            }

            for (var l = 0; l < s_lists.Length; l++)
            {
                if (bestEnd[l] > 0 && i >= nextFree[l])
                {
                    spans.Add(new PatternMatch(s_lists[l].Span, i, bestEnd[l]));
                    nextFree[l] = bestEnd[l];
                }
            }
        }

        MatchTimes(text, tokens, classes, spans);
    }

    /// <summary>
    /// Time expressions: maximal runs of time words, numbers and the words that join them, holding at least one
    /// word that is about time by itself (a month, weekday, unit, part of the day, am/pm, a clock or date
    /// pattern), trimmed of joining words at either end.
    /// </summary>
    private static void MatchTimes(string text, List<NluToken> tokens, Span<WordClass> classes, List<PatternMatch> spans)
    {
        var n = tokens.Count;
        var i = 0;
        while (i < n)
        {
            if (!CanBeInTime(text, tokens, classes, i))
            {
                i++;
                continue;
            }

            var end = i;
            var anchored = false;
            while (end < n && CanBeInTime(text, tokens, classes, end) && (end == i || !StartsNewPhrase(text, tokens, classes, end)))
            {
                anchored |= IsAnchor(text, tokens, classes, end);
                end++;
            }

            var first = i;
            var last = end - 1;
            while (first <= last && IsJoiner(text, tokens, classes, first, leading: true))
            {
                first++;
            }

            while (last >= first && IsJoiner(text, tokens, classes, last, leading: false))
            {
                last--;
            }

            if (anchored && first <= last)
            {
                spans.Add(new PatternMatch(TimeExpression, first, last + 1));
            }

            i = end;
        }
    }

    /// <summary>A preposition ends one time expression and may start the next ("two at 8 pm": "two", "at 8 pm").</summary>
    private static bool StartsNewPhrase(string text, List<NluToken> tokens, Span<WordClass> classes, int t) =>
        classes[t] == WordClass.Preposition &&
        !(t + 1 < tokens.Count && text.AsSpan(tokens[t].Start, tokens[t].Length).Equals("from", StringComparison.OrdinalIgnoreCase) &&
          classes[t + 1] == WordClass.RelativeDay);

    private static bool CanBeInTime(string text, List<NluToken> tokens, Span<WordClass> classes, int t)
    {
        if (classes[t] != WordClass.None)
        {
            return true;
        }

        var token = text.AsSpan(tokens[t].Start, tokens[t].Length);
        if (token.Length == 1 && token[0] is ':' or '/' or '.' or ',' or '-' or '\'')
        {
            return true;
        }

        // "a.m" / "p.m": a single a or p followed by "." and m; "o'clock"
        return IsMeridiemLetter(text, tokens, t) || IsMeridiemM(text, tokens, t) || IsClockO(text, tokens, t) ||
               token.Equals("clock", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAnchor(string text, List<NluToken> tokens, Span<WordClass> classes, int t)
    {
        switch (classes[t])
        {
            case WordClass.Month or WordClass.Weekday or WordClass.DayPart or WordClass.RelativeDay or WordClass.Unit
                or WordClass.Season or WordClass.Meridiem or WordClass.ClockTime or WordClass.Holiday:
                return true;
            case WordClass.Digits2 or WordClass.Digits4:
                // 8:15, 6/13/2039
                return t + 2 < tokens.Count && IsChar(text, tokens[t + 1], ':', '/') && classes[t + 2] is WordClass.Digits2 or WordClass.Digits4;
            default:
                return IsMeridiemLetter(text, tokens, t) ||
                       text.AsSpan(tokens[t].Start, tokens[t].Length).Equals("clock", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static bool IsJoiner(string text, List<NluToken> tokens, Span<WordClass> classes, int t, bool leading)
    {
        if (classes[t] is WordClass.Joiner or WordClass.Preposition)
        {
            // "in six years" and "from now" keep their joining word
            var word = text.AsSpan(tokens[t].Start, tokens[t].Length);
            return !(leading && word.Equals("in", StringComparison.OrdinalIgnoreCase));
        }

        if (classes[t] == WordClass.Modifier)
        {
            return !leading; // "next week" keeps "next", "week next" drops it
        }

        if (tokens[t].IsWord)
        {
            return false;
        }

        // a trailing "." after "p.m" or an abbreviation stays; other punctuation is trimmed
        return leading || !IsChar(text, tokens[t], '.') || t == 0 || !tokens[t - 1].IsWord;
    }

    private static bool IsMeridiemLetter(string text, List<NluToken> tokens, int t) =>
        tokens[t].Length == 1 && text[tokens[t].Start] is 'a' or 'p' or 'A' or 'P' &&
        t + 2 < tokens.Count && IsChar(text, tokens[t + 1], '.') && IsM(text, tokens[t + 2]);

    private static bool IsMeridiemM(string text, List<NluToken> tokens, int t) =>
        IsM(text, tokens[t]) && t >= 2 && IsChar(text, tokens[t - 1], '.') && tokens[t - 2].Length == 1 &&
        text[tokens[t - 2].Start] is 'a' or 'p' or 'A' or 'P';

    private static bool IsClockO(string text, List<NluToken> tokens, int t) =>
        tokens[t].Length == 1 && text[tokens[t].Start] is 'o' or 'O' && t + 2 < tokens.Count &&
        IsChar(text, tokens[t + 1], '\'', '’') &&
        text.AsSpan(tokens[t + 2].Start, tokens[t + 2].Length).Equals("clock", StringComparison.OrdinalIgnoreCase);

    private static bool Mark(int lists, int end, Span<int> bestEnd)
    {
        for (var l = 0; l < bestEnd.Length; l++)
        {
            if ((lists & (1 << l)) != 0)
            {
                bestEnd[l] = end; // later (longer) names overwrite shorter ones
            }
        }

        return true;
    }

    private static bool IsM(string text, NluToken token) => token.Length == 1 && text[token.Start] is 'm' or 'M';

    private static bool IsChar(string text, NluToken token, char a, char b = '\0') =>
        token.Length == 1 && (text[token.Start] == a || text[token.Start] == b);

    private static ulong AddExact(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = FeatureHash.Add(hash, c);
        }

        return hash;
    }

    private static string ReadResource(string name)
    {
        var assembly = typeof(BuiltinLexicon).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(r => r.EndsWith(".Lexicon." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static readonly (string Words, WordClass Class)[] s_wordClasses =
    [
        ("january february march april may june july august september october november december " +
         "jan feb mar apr jun jul aug sep sept oct nov dec", WordClass.Month),
        ("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu thur thurs fri sat sun " +
         "mondays tuesdays wednesdays thursdays fridays saturdays sundays weekday weekdays", WordClass.Weekday),
        ("morning mornings afternoon afternoons evening evenings night nights noon midday midnight dawn dusk " +
         "sunrise sunset daybreak nightfall breakfast brunch lunch lunchtime dinner dinnertime supper teatime", WordClass.DayPart),
        ("today tonight tomorrow tomorrows yesterday now tmrw tmr weekend weekends overnight", WordClass.RelativeDay),
        ("second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks fortnight " +
         "fortnights month months year years decade decades century centuries", WordClass.Unit),
        ("spring summer autumn fall winter springtime summertime wintertime", WordClass.Season),
        ("am pm", WordClass.Meridiem),
        ("christmas xmas easter thanksgiving halloween hanukkah chanukah kwanzaa ramadan eid diwali passover purim " +
         "sukkot shavuot yom kippur rosh hashanah lent mardi gras valentine valentines valentine's juneteenth " +
         "epiphany pentecost ascension advent solstice equinox holiday holidays", WordClass.Holiday),
        ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " +
         "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand " +
         "million billion dozen couple few several half quarter", WordClass.NumberWord),
        ("first third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth " +
         "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth", WordClass.Ordinal),
        ("next last this coming upcoming following previous past early late mid end beginning", WordClass.Modifier),
        ("of the and a an ago", WordClass.Joiner),
        ("in at on from to until till by before after within around about between during through for", WordClass.Preposition),
    ];
}

/// <summary>What a word says about times and numbers (see <see cref="BuiltinLexicon.ClassOf"/>).</summary>
internal enum WordClass : byte
{
    None,
    Month,
    Weekday,
    DayPart,
    RelativeDay,
    Unit,
    Season,
    Meridiem,
    ClockTime,
    Holiday,
    NumberWord,
    Ordinal,
    Digits2,
    Digits4,
    DigitsLong,
    Modifier,
    Joiner,
    Preposition,
}

/// <summary>A message's lexicon hits: every token's word class and the spans found (scratch, reused per message).</summary>
internal sealed class LexiconHits
{
    private WordClass[] _classes = new WordClass[16];

    public List<PatternMatch> Spans { get; } = [];

    public ReadOnlySpan<WordClass> Classes => _classes;

    public void Compute(BuiltinLexicon lexicon, string text, List<NluToken> tokens)
    {
        if (_classes.Length < tokens.Count)
        {
            _classes = new WordClass[tokens.Count * 2];
        }

        lexicon.Match(text, tokens, _classes.AsSpan(0, tokens.Count), Spans);
    }
}
