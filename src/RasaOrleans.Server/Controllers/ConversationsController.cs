using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Abstractions.Conversations;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// The conversation routes (spec §4.3–4.9, and 0.11's predict and <c>PUT .../tracker/events</c>) on the bot
/// <see cref="RasaOrleansOptions.BotId"/>, under <c>/conversations/{id}</c> and the singular
/// <c>/conversation/{id}</c>. Each action reads its parameters and calls the conversation grain, resolved per
/// request; the grain's reply (status and JSON) is the answer.
/// </summary>
[ApiController]
[Route("conversations/{id}")]
[Route("conversation/{id}")]
[ValidConversationId]
public sealed class ConversationsController(IGrainFactory grains, IOptions<RasaOrleansOptions> options) : ControllerBase
{

    /// <summary>A user message arrived (<c>{"query": text}</c> or <c>{"q": text}</c>); the next action to run.</summary>
    [HttpPost("parse")]
    public async Task<IActionResult> Parse(string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        return await CallAsync(id, conversation => conversation.ParseAsync(ConversationRequests.MessageText(body, "parse")));
    }

    /// <summary><c>parse</c> with <c>?query=</c> or <c>?q=</c>.</summary>
    [HttpGet("parse")]
    public async Task<IActionResult> ParseFromQuery(string id) =>
        await CallAsync(id, conversation => conversation.ParseAsync(ConversationRequests.MessageText(Request.Query, "parse")));

    /// <summary>The client ran <c>executed_action</c>, producing <c>events</c>; the next action to run.</summary>
    [HttpPost("continue")]
    public async Task<IActionResult> Continue(string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        var executedAction = ConversationRequests.ExecutedAction(body);
        var events = ConversationRequests.Events(body);
        return await CallAsync(id, conversation => conversation.ContinueAsync(executedAction, events));
    }

    /// <summary>The tracker (<c>events</c>, <c>ignore_restarts</c>, <c>include_events</c>, <c>until</c>).</summary>
    [HttpGet("tracker")]
    public async Task<IActionResult> GetTracker(string id)
    {
        var query = ConversationRequests.TrackerQuery(Request.Query);

        // served from the stored state without waiting for a request under way (an action server reading the
        // conversation it acts for); a conversation never stored is created by the ordered call
        return await CallAsync(id, async conversation => await conversation.ReadTrackerAsync(query) ?? await conversation.GetTrackerAsync(query));
    }

    /// <summary>Replaces the conversation with the posted event list (0.8–0.10).</summary>
    [HttpPut("tracker")]
    [RequestSizeLimit(RequestBody.MaxTrackerBodyBytes)]
    public Task<IActionResult> ReplaceTracker(string id, CancellationToken cancellationToken) => ReplaceEvents(id, cancellationToken);

    /// <summary>Replaces the conversation with the posted event list (0.11 spelling).</summary>
    [HttpPut("tracker/events")]
    [RequestSizeLimit(RequestBody.MaxTrackerBodyBytes)]
    public async Task<IActionResult> ReplaceEvents(string id, CancellationToken cancellationToken)
    {
        var events = await RequestBody.ReadTextAsync(Request, cancellationToken, RequestBody.MaxTrackerBodyBytes);
        return await CallAsync(id, conversation => conversation.ReplaceEventsAsync(events));
    }

    /// <summary>Appends a list of events (answer without events) or one event object (answer with them).</summary>
    [HttpPost("tracker/events")]
    [RequestSizeLimit(RequestBody.MaxTrackerBodyBytes)]
    public async Task<IActionResult> AppendEvents(string id, CancellationToken cancellationToken)
    {
        var events = await RequestBody.ReadTextAsync(Request, cancellationToken, RequestBody.MaxTrackerBodyBytes);
        var include = ConversationRequests.IncludeEvents(Request.Query, TrackerEvents.None);
        return await CallAsync(id, conversation => conversation.AppendEventsAsync(events, include));
    }

    /// <summary>Handles a message end to end on the server and returns the bot's messages.</summary>
    [HttpPost("respond")]
    public async Task<IActionResult> Respond(string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        return await CallAsync(id, conversation => conversation.RespondAsync(ConversationRequests.MessageText(body, "respond")));
    }

    /// <summary><c>respond</c> with <c>?query=</c> or <c>?q=</c>.</summary>
    [HttpGet("respond")]
    public async Task<IActionResult> RespondFromQuery(string id) =>
        await CallAsync(id, conversation => conversation.RespondAsync(ConversationRequests.MessageText(Request.Query, "respond")));

    /// <summary>
    /// Later Rasa: logs a user message without predicting (<c>{"text", "sender": "user", "parse_data"?}</c>); the tracker.
    /// </summary>
    [HttpPost("messages")]
    public async Task<IActionResult> AddMessage(string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        var (text, parseData) = ConversationRequests.UserMessage(body);
        return await CallAsync(id, conversation => conversation.AddMessageAsync(text, parseData));
    }

    /// <summary>Later Rasa: runs the named action on the server (<c>{"name", "policy"?, "confidence"?}</c>); <c>{"tracker", "messages"}</c>.</summary>
    [HttpPost("execute")]
    public async Task<IActionResult> Execute(string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        var action = ConversationRequests.ActionToExecute(body);
        return await CallAsync(id, conversation => conversation.ExecuteAsync(action));
    }

    /// <summary>
    /// Later Rasa: the intent (<c>{"name", "entities"?}</c>) as if the user had said it, then the predicted actions run
    /// on the server; <c>{"tracker", "messages"}</c>.
    /// </summary>
    [HttpPost("trigger_intent")]
    public async Task<IActionResult> TriggerIntent(string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(Request, cancellationToken);
        var (intent, entities) = ConversationRequests.IntentToTrigger(body);
        return await CallAsync(id, conversation => conversation.TriggerIntentAsync(intent, entities));
    }

    /// <summary>Every action's score for the current state; the tracker is not changed.</summary>
    [HttpPost("predict")]
    public async Task<IActionResult> Predict(string id) => await CallAsync(id, conversation => conversation.PredictAsync());

    private Task<IActionResult> CallAsync(string id, Func<IConversationGrain, Task<ConversationReply>> call) =>
        ConversationCalls.SendAsync(HttpContext, grains, options.Value.BotId, id, call);
}
