using System.Globalization;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// A position in a newest-first listing: the last-updated time and id of the last conversation of a page. The
/// next page holds the conversations written earlier, or at the same time with a smaller id.
/// </summary>
public sealed record RecentCursor(DateTime UpdatedUtc, string Id)
{
    /// <summary>The cursor as URL-safe text: the time in ticks, a dot, the id.</summary>
    public override string ToString() => $"{UpdatedUtc.Ticks.ToString(CultureInfo.InvariantCulture)}.{Id}";

    /// <summary>Reads <see cref="ToString"/>'s text; null when it is not one.</summary>
    public static RecentCursor? TryParse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            ? new RecentCursor(new DateTime(ticks, DateTimeKind.Utc), text[(dot + 1)..])
            : null;
    }

    /// <summary>True when a conversation written at <paramref name="updatedUtc"/> with <paramref name="id"/> comes after this cursor.</summary>
    public bool IsBefore(DateTime updatedUtc, string id) =>
        updatedUtc < UpdatedUtc || (updatedUtc == UpdatedUtc && string.CompareOrdinal(id, Id) < 0);
}
