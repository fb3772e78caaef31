namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Splits a message into runs of letters, digits and underscores, and single characters for everything else
/// that is not white space ("u-bahn" is <c>u</c>, <c>-</c>, <c>bahn</c>). Offsets refer to the original text.
/// </summary>
internal static class NluTokenizer
{
    public static void Tokenize(string text, List<NluToken> tokens)
    {
        tokens.Clear();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (IsWordChar(c))
            {
                var start = i;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                tokens.Add(new NluToken(start, i, true));
                continue;
            }

            // keep surrogate pairs together
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            tokens.Add(new NluToken(i, i + length, false));
            i += length;
        }
    }

    public static List<NluToken> Tokenize(string text)
    {
        var tokens = new List<NluToken>();
        Tokenize(text, tokens);
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
}
