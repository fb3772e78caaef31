using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Abstractions.Conversations;

namespace RasaOrleans.Server.Http;

/// <summary>Turns a grain's <see cref="ConversationReply"/> into the HTTP answer: its status, its JSON as the body.</summary>
public static class ConversationReplyResults
{
    public static ContentResult ToResult(this ConversationReply reply) =>
        new() { StatusCode = reply.Status, Content = reply.Json, ContentType = JsonError.ContentType };
}
