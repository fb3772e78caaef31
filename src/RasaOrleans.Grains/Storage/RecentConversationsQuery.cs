namespace RasaOrleans.Grains.Storage;

/// <summary>A page of the newest-first listing.</summary>
/// <param name="Limit">At most this many conversations.</param>
/// <param name="Search">When set, only ids that contain it (ignoring ASCII case).</param>
/// <param name="After">When set, only conversations past this cursor (the last of the previous page).</param>
public sealed record RecentConversationsQuery(int Limit, string? Search = null, RecentCursor? After = null)
{
    /// <summary>
    /// A SQL <c>LIKE</c> pattern (escape character <c>\</c>) that matches grain ids starting with
    /// <paramref name="prefix"/> and containing <see cref="Search"/>; null without a search.
    /// </summary>
    public string? LikePattern(string prefix) =>
        string.IsNullOrEmpty(Search) ? null : EscapeLike(prefix) + "%" + EscapeLike(Search) + "%";

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
