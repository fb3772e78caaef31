namespace RasaOrleans.Abstractions.Conversations;

/// <summary>
/// A request id travels with a conversation call in Orleans' request context, so a write can be sent again
/// safely: the conversation stores the id of its last stored write with the answer, and answers a repeat with
/// that answer instead of applying it twice.
/// </summary>
public static class RequestIds
{
    /// <summary>The request-context key.</summary>
    public const string ContextKey = "rasa.request-id";

    /// <summary>The request id of the current call, if the caller set one.</summary>
    public static string? Current => RequestContext.Get(ContextKey) as string;
}
