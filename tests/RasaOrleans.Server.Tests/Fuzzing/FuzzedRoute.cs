namespace RasaOrleans.Server.Tests.Fuzzing;

/// <summary>
/// A route that takes a JSON body, with a valid example body to spoil. <see cref="Conversation"/> routes are
/// under <c>/conversations/{id}/</c>; <see cref="Change"/> says what a 2xx answer does to the conversation.
/// </summary>
public sealed record FuzzedRoute(string Method, string Path, string Example, bool Conversation, FuzzedRoute.Effect Change)
{
    public enum Effect
    {
        /// <summary>Not a conversation route.</summary>
        None,

        /// <summary>Appends at least one event (a user message).</summary>
        Grows,

        /// <summary>Appends what the client reported, which may be nothing (<c>continue</c> with no action and no events).</summary>
        MayGrow,

        /// <summary>Appends exactly the posted events that have an <c>event</c> key.</summary>
        AppendsPosted,

        /// <summary>Replaces the log with exactly the posted events that have an <c>event</c> key.</summary>
        ReplacesWithPosted,
    }

    public override string ToString() => $"{Method} {Path}";
}
