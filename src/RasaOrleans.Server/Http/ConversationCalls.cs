using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Abstractions;
using RasaOrleans.Abstractions.Conversations;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Calls a conversation grain for an HTTP request. Every call carries a request id (the client's
/// <c>Idempotency-Key</c> header, else a new one): the conversation answers a repeat of its last stored write with
/// the stored answer. So a call that a silo refused, or that failed because the silo holding the conversation
/// stopped or died, is sent again until the conversation answers from another silo (a dead silo is declared dead
/// within seconds); only after <see cref="RetryFor"/> does the client see a 503. A write refused because another
/// activation of the conversation wrote first (<c>InconsistentStateException</c>, while a stopping silo hands its
/// conversations over) stored nothing and dropped the stale activation: it is sent again too.
/// </summary>
public static class ConversationCalls
{
    /// <summary>A client's key for a request it may send again (after a timeout or a 503): the same answer, applied once.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(15);

    public static async Task<IActionResult> SendAsync(HttpContext context, IGrainFactory grains, string botId, string conversationId,
        Func<IConversationGrain, Task<ConversationReply>> call) =>
        (await CallAsync(context, grains, botId, conversationId, call)).ToResult();

    /// <summary>As <see cref="SendAsync"/>, answering the conversation's reply itself.</summary>
    public static async Task<ConversationReply> CallAsync(HttpContext context, IGrainFactory grains, string botId, string conversationId,
        Func<IConversationGrain, Task<ConversationReply>> call)
    {
        var conversation = GrainReferences.Get<IConversationGrain>(grains, ConversationKey.For(botId, conversationId));
        var requestId = context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var key) && key.ToString() is { Length: > 0 and <= 200 } given
            ? "client:" + given
            : Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            RequestContext.Set(RequestIds.ContextKey, requestId);
            try
            {
                return await call(conversation);
            }
            catch (Exception e) when (e is OrleansMessageRejectionException or Orleans.Storage.InconsistentStateException
                                       && Stopwatch.GetElapsedTime(started) < RetryFor)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 200 * attempt)), context.RequestAborted);
            }
            finally
            {
                RequestContext.Remove(RequestIds.ContextKey);
            }
        }
    }
}
