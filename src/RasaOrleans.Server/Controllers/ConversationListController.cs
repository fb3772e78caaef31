using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary><c>GET /conversations</c> (spec §4.8): the ids of the bot's stored conversations, as a JSON list.</summary>
[ApiController]
public sealed class ConversationListController(IGrainFactory grains, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    [HttpGet("/conversations")]
    public async Task<IActionResult> List()
    {
        var ids = await grains.GetGrain<IConversationDirectoryGrain>(options.Value.BotId).ListAsync();
        return Content(JsonSerializer.Serialize(ids), JsonError.ContentType);
    }
}
