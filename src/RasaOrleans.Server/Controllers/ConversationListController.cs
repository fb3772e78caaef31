using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using RasaOrleans.Grains;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// <c>GET /conversations</c> (spec §4.8): the ids of the bot's stored conversations, as a JSON list, read from the
/// store itself. Without parameters, all of them (Rasa); <c>?limit=N&amp;after=&lt;id&gt;</c> pages through them
/// in id order (an extension).
/// </summary>
[ApiController]
public sealed class ConversationListController(IServiceProvider services, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    public const int MaxLimit = 100_000;

    [HttpGet("/conversations")]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        int? limit = null;
        if (Request.Query.TryGetValue("limit", out var limitText))
        {
            limit = int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= MaxLimit
                ? n
                : throw RequestRejectedException.BadRequest($"Invalid value '{limitText}' for 'limit': expected a whole number from 1 to {MaxLimit}.");
        }

        var after = Request.Query.TryGetValue("after", out var afterText) ? afterText.ToString() : null;
        var catalog = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Conversations) as IConversationCatalog
            ?? throw new InvalidOperationException($"the '{StorageNames.Conversations}' storage cannot list conversations");
        var ids = await catalog.ListConversationsAsync(options.Value.BotId, limit, after, cancellationToken);
        return Content(JsonSerializer.Serialize(ids), JsonError.ContentType);
    }
}
