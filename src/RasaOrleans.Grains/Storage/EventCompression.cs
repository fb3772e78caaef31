using System.IO.Compression;
using System.Text;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// How the SQLite store keeps an event's JSON: as text when it is short, else as Deflate-compressed UTF-8 (a BLOB)
/// when that saves at least a fifth. A user event's <c>parse_data</c> (intent ranking, entities) compresses to well
/// under half; the short action and bot events stay readable text. Reading takes either form.
/// </summary>
public static class EventCompression
{
    /// <summary>Events shorter than this (in characters) are stored as text without trying.</summary>
    public const int MinLength = 200;

    /// <summary>The value to store for <paramref name="json"/>: the string itself, or the compressed bytes.</summary>
    public static object Encode(string json)
    {
        if (json.Length < MinLength)
        {
            return json;
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        using var output = new MemoryStream(utf8.Length / 2);
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(utf8);
        }

        return output.Length <= utf8.Length * 4 / 5 ? output.ToArray() : json;
    }

    /// <summary>The event's JSON from a stored value (text, or bytes written by <see cref="Encode"/>).</summary>
    public static string Decode(object stored)
    {
        if (stored is string text)
        {
            return text;
        }

        using var input = new DeflateStream(new MemoryStream((byte[])stored), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
