using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Core;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Stories;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// Later Rasa's <c>GET /conversations/{id}/story</c>: the conversation's applied events as a YAML test story
/// (<see cref="StoryYamlWriter"/>), as <c>text/plain</c> like Rasa; <c>until=&lt;unix time&gt;</c> stops at a point in
/// time, <c>all_sessions=true</c> writes every session (default: the last one). Reading creates the conversation,
/// as <c>GET .../tracker</c> does. Errors in Rasa 3's shape.
/// </summary>
[ApiController]
[LaterApi]
[Route("conversations/{id}")]
[Route("conversation/{id}")]
[ValidConversationId]
public sealed class ConversationStoryController(IGrainFactory grains, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    [HttpGet("story")]
    public async Task<IActionResult> Story(string id)
    {
        var allSessions = QueryFlags.Get(Request.Query, "all_sessions", otherwise: false);
        var query = ConversationRequests.TrackerQuery(Request.Query) with { Events = TrackerEvents.Applied };
        var reply = await ConversationCalls.CallAsync(HttpContext, grains, options.Value.BotId, id, conversation => conversation.GetTrackerAsync(query));
        if (!reply.IsSuccess)
        {
            return ApiError.Later(reply.Status, ErrorMessage(reply.Json));
        }

        var events = EventJson.DecodeList(JsonText.Read(reply.Json)?["events"], 0);
        return Content(StoryYamlWriter.Write(id, events, allSessions), "text/plain; charset=utf-8");
    }

    private static string ErrorMessage(string json)
    {
        try
        {
            return JsonText.Read(json)?["error"]?.GetValue<string>() ?? json;
        }
        catch (Exception e) when (e is RasaFormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return json;
        }
    }
}
