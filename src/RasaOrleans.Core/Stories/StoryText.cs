using System.Text.RegularExpressions;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Nlu;

namespace RasaOrleans.Core.Stories;

/// <summary>Text handling shared by the story readers.</summary>
internal static partial class StoryText
{
    private static readonly RegexInterpreter Interpreter = new();

    /// <summary>
    /// Removes <c>&lt;!-- --&gt;</c> comments, also ones spanning lines, keeping the line breaks so that
    /// line numbers still point at the original file.
    /// </summary>
    public static string StripComments(string text) =>
        Comment().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal),
            match => new string('\n', match.Value.Count(c => c == '\n')));

    /// <summary>
    /// A user turn as written in a story. A 0.8+ line <c>greet{"name": "x"}</c> is stored with text
    /// <c>/greet{"name": "x"}</c> so that sending that text through the regex interpreter again gives the same
    /// parse; 0.7 lines (<c>_greet[name=x]</c>) and lines already starting with <c>/</c> are kept as written.
    /// </summary>
    public static UserUttered UserMessage(string message, string? sourceFile, int? line)
    {
        var text = RegexInterpreter.IsRegexMessage(message) ? message : "/" + message;
        var parseData = Interpreter.Parse(text);
        var intent = parseData["intent"]?["name"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(intent))
        {
            throw new RasaFormatException($"user message '{message}' has no intent", sourceFile, line);
        }

        return new UserUttered(text, parseData);
    }

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
