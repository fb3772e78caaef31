using System.Globalization;
using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Events;

/// <summary>
/// Floats written the way Python's <c>json</c> writes them: shortest round-trip digits, and always a decimal
/// point for whole numbers (<c>1514764800.0</c>, <c>1.0</c>), so timestamps and confidences match Rasa's JSON.
/// </summary>
public static class JsonFloat
{
    public static JsonNode Node(double value) => JsonNode.Parse(Format(value))!;

    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no NaN or infinity.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E'))
        {
            // Python: 1e-05, 1e+16; .NET: 1E-05, 1E+16
            return text.Replace("E", "e", StringComparison.Ordinal);
        }

        return text.Contains('.') ? text : text + ".0";
    }
}
