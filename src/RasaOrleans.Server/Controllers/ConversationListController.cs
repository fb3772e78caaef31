using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using RasaOrleans.Core.Events;
using RasaOrleans.Grains;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// <c>GET /conversations</c> (spec §4.8): the ids of the bot's stored conversations, as a JSON list, read from the
/// store itself. Without parameters, all of them (Rasa); <c>?limit=N&amp;after=&lt;id&gt;</c> pages through them
/// in id order (an extension). <c>GET /conversations/recent</c> (an extension, for the inspector): the most
/// recently written first, with their last-updated time and event count, searchable by id.
/// </summary>
[ApiController]
public sealed class ConversationListController(IServiceProvider services, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    public const int MaxLimit = 100_000;

    /// <summary>The largest page of <c>GET /conversations/recent</c>.</summary>
    public const int MaxRecentLimit = 1000;

    /// <summary>The page size of <c>GET /conversations/recent</c> without <c>limit</c>.</summary>
    public const int DefaultRecentLimit = 20;

    [HttpGet("/conversations")]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        var limit = Limit(MaxLimit);

        var after = Request.Query.TryGetValue("after", out var afterText) ? afterText.ToString() : null;
        var ids = await Catalog().ListConversationsAsync(options.Value.BotId, limit, after, cancellationToken);
        return Content(JsonSerializer.Serialize(ids), JsonError.ContentType);
    }

    /// <summary>
    /// <c>GET /conversations/recent?limit=&amp;search=&amp;after=</c>: <c>{"conversations": [{"sender_id",
    /// "updated", "events"}], "next": cursor or null}</c>; pass <c>next</c> as <c>after</c> for the next page.
    /// </summary>
    [HttpGet("/conversations/recent")]
    public async Task<IActionResult> Recent(CancellationToken cancellationToken)
    {
        var limit = Limit(MaxRecentLimit) ?? DefaultRecentLimit;

        RecentCursor? after = null;
        if (Request.Query.TryGetValue("after", out var afterText) && afterText.ToString().Length > 0)
        {
            after = RecentCursor.TryParse(afterText.ToString())
                ?? throw RequestRejectedException.BadRequest($"Invalid value '{afterText}' for 'after': pass the 'next' value of the previous page.");
        }

        var search = Request.Query.TryGetValue("search", out var searchText) && searchText.ToString().Length > 0 ? searchText.ToString() : null;
        var page = await Catalog().ListRecentConversationsAsync(options.Value.BotId, new RecentConversationsQuery(limit, search, after), cancellationToken);
        var body = new JsonObject
        {
            ["conversations"] = new JsonArray([.. page.Select(c => (JsonNode)new JsonObject
            {
                ["sender_id"] = c.Id,
                ["updated"] = c.UpdatedUtc.ToString("O", CultureInfo.InvariantCulture),
                ["events"] = c.EventCount,
            })]),
            ["next"] = page.Count == limit ? page[^1].Cursor.ToString() : null,
        };
        return Content(JsonText.Write(body), JsonError.ContentType);
    }

    private IConversationCatalog Catalog() =>
        services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations) as IConversationCatalog
            ?? throw new InvalidOperationException($"the '{StorageNames.Conversations}' storage cannot list conversations");

    // the query's `limit` (1 to max), null when absent; anything else is a 400 naming the range
    private int? Limit(int max) =>
        !Request.Query.TryGetValue("limit", out var text) ? null
        : int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 && n <= max ? n
        : throw RequestRejectedException.BadRequest($"Invalid value '{text}' for 'limit': expected a whole number from 1 to {max}.");
}
