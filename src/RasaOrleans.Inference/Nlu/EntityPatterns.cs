using System.Text.RegularExpressions;
using RasaOrleans.Core;
using RasaOrleans.Core.Nlu;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// The regex features and lookup tables of the training data, matched against a message's tokens. Regexes
/// are case-sensitive (as Rasa's RegexFeaturizer); lookup elements match whole tokens, ignoring case, longest
/// first. Patterns are numbered: regexes first, then lookup tables. Immutable and thread-safe.
/// <para>
/// Regexes run on .NET's non-backtracking engine, whose time is linear in the text, so no timeout is needed and
/// a parse's result never depends on how busy the machine is. A pattern that engine cannot run (backreferences,
/// lookarounds, atomic groups) falls back to the backtracking engine with a generous timeout; only such a
/// pattern can, on a pathological text, stop matching instead of stalling the parse.
/// </para>
/// </summary>
internal sealed class EntityPatterns
{
    private static readonly TimeSpan s_backtrackingTimeout = TimeSpan.FromSeconds(2);
    private readonly Regex[] _regexes;
    private readonly Dictionary<ulong, int> _lookup = [];
    private readonly int _maxLookupTokens;

    public EntityPatterns(IReadOnlyList<RegexFeature> regexes, IReadOnlyList<LookupTable> lookupTables)
    {
        Regexes = regexes;
        LookupTables = lookupTables;
        _regexes = new Regex[regexes.Count];
        for (var i = 0; i < regexes.Count; i++)
        {
            try
            {
                _regexes[i] = Compile(regexes[i].Pattern);
            }
            catch (ArgumentException e)
            {
                throw new RasaFormatException($"regex feature '{regexes[i].Name}' has an invalid pattern: {e.Message}", null, null, e);
            }
        }

        var tokens = new List<NluToken>();
        for (var t = 0; t < lookupTables.Count; t++)
        {
            foreach (var element in lookupTables[t].Elements)
            {
                NluTokenizer.Tokenize(element, tokens);
                if (tokens.Count == 0)
                {
                    continue;
                }

                var hash = FeatureHash.Start(0);
                foreach (var token in tokens)
                {
                    hash = FeatureHash.Separator(FeatureHash.AddLower(hash, element.AsSpan(token.Start, token.Length)));
                }

                // the first table naming an element keeps it
                _lookup.TryAdd(hash, regexes.Count + t);
                _maxLookupTokens = Math.Max(_maxLookupTokens, tokens.Count);
            }
        }

        Names = [.. regexes.Select(r => r.Name), .. lookupTables.Select(l => l.Name)];
    }

    public IReadOnlyList<RegexFeature> Regexes { get; }

    public IReadOnlyList<LookupTable> LookupTables { get; }

    /// <summary>Pattern names by pattern number.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    public bool IsLookup(int pattern) => pattern >= _regexes.Length;

    /// <summary>Adds every hit in <paramref name="text"/> to <paramref name="matches"/> (cleared first).</summary>
    public void Match(string text, List<NluToken> tokens, List<PatternMatch> matches)
    {
        matches.Clear();
        if (tokens.Count == 0)
        {
            return;
        }

        for (var r = 0; r < _regexes.Length; r++)
        {
            try
            {
                foreach (var match in _regexes[r].EnumerateMatches(text))
                {
                    AddSpan(r, match.Index, match.Index + match.Length, tokens, matches);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // a pathological pattern must not stall a parse; the regex simply does not match
            }
        }

        if (_lookup.Count == 0)
        {
            return;
        }

        var i = 0;
        while (i < tokens.Count)
        {
            var hash = FeatureHash.Start(0);
            int bestEnd = -1, bestPattern = -1;
            for (var j = i; j < tokens.Count && j - i < _maxLookupTokens; j++)
            {
                hash = FeatureHash.Separator(FeatureHash.AddLower(hash, text.AsSpan(tokens[j].Start, tokens[j].Length)));
                if (_lookup.TryGetValue(hash, out var pattern))
                {
                    bestEnd = j + 1;
                    bestPattern = pattern;
                }
            }

            if (bestEnd > 0)
            {
                matches.Add(new PatternMatch(bestPattern, i, bestEnd));
                i = bestEnd;
            }
            else
            {
                i++;
            }
        }
    }

    private static Regex Compile(string pattern)
    {
        try
        {
            // a timeout here would make results depend on scheduling (a thread descheduled mid-match under load
            // timed out and silently lost the entity); the non-backtracking engine needs none
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, s_backtrackingTimeout);
        }
    }

    private static void AddSpan(int pattern, int start, int end, List<NluToken> tokens, List<PatternMatch> matches)
    {
        int first = -1, last = -1;
        for (var t = 0; t < tokens.Count; t++)
        {
            if (tokens[t].Start >= start && tokens[t].End <= end)
            {
                if (first < 0)
                {
                    first = t;
                }

                last = t;
            }
        }

        if (first >= 0)
        {
            matches.Add(new PatternMatch(pattern, first, last + 1));
        }
    }
}
