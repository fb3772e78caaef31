using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core;

/// <summary>
/// The few Python conversions Rasa applies to slot values (<c>str</c>, <c>float</c>, <c>len</c>), so that
/// featurisation and template filling give the same results as the Python server for JSON values.
/// </summary>
internal static class PythonValue
{
    /// <summary>Python <c>str(value)</c> of a JSON-decoded value.</summary>
    public static string Str(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : Repr(value);

    /// <summary>Python <c>repr(value)</c> of a JSON-decoded value.</summary>
    public static string Repr(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "None";
            case JsonArray array:
                return "[" + string.Join(", ", array.Select(Repr)) + "]";
            case JsonObject obj:
                return "{" + string.Join(", ", obj.Select(p => $"{QuoteString(p.Key)}: {Repr(p.Value)}")) + "}";
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.True:
                        return "True";
                    case JsonValueKind.False:
                        return "False";
                    case JsonValueKind.String:
                        return QuoteString(v.GetValue<string>());
                    case JsonValueKind.Number:
                        var text = v.ToJsonString();
                        return IsIntegerText(text) ? text : JsonFloat.Format(Number(v));
                    default:
                        return v.ToJsonString();
                }

            default:
                return value.ToJsonString();
        }
    }

    /// <summary>Python <c>float(value)</c>, or null where Python raises (None, lists, unparsable strings).</summary>
    public static double? ToFloat(JsonNode? value)
    {
        if (value is not JsonValue v)
        {
            return null;
        }

        switch (v.GetValueKind())
        {
            case JsonValueKind.True:
                return 1.0;
            case JsonValueKind.False:
                return 0.0;
            case JsonValueKind.Number:
                return Number(v);
            case JsonValueKind.String:
                var text = v.GetValue<string>().Trim();
                return text.ToLowerInvariant() switch
                {
                    "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
                    "-inf" or "-infinity" => double.NegativeInfinity,
                    "nan" or "+nan" or "-nan" => double.NaN,
                    _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                        ? d
                        : null,
                };
            default:
                return null;
        }
    }

    /// <summary>Python <c>len(value)</c>, or null where Python raises (None, numbers, booleans).</summary>
    public static int? Length(JsonNode? value) =>
        value switch
        {
            JsonArray array => array.Count,
            JsonObject obj => obj.Count,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length,
            _ => null,
        };

    /// <summary>The value of a JSON number, whatever CLR type the node was built from.</summary>
    public static double Number(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsIntegerText(string text) =>
        !text.Contains('.') && !text.Contains('e') && !text.Contains('E');

    private static string QuoteString(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }
}
