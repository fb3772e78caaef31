using System.Text.RegularExpressions;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Gives every error a JSON body <c>{"error": ...}</c> (on later Rasa's routes, Rasa 3's error shape, see <see cref="ApiError"/>): client mistakes found while reading a request
/// (<see cref="RequestRejectedException"/>, and the server's own bad-request errors) get their 4xx; an empty
/// conversation id gets 400; unknown routes 404 and wrong methods 405; any other exception is a bug: it is
/// logged and answered 500 <c>{"error": "Server failure. Error: ..."}</c> (Rasa's wording) with the request id
/// instead of the exception's text; a grain call that timed out is a 504 that says the outcome is unknown.
/// </summary>
public sealed partial class RasaErrorMiddleware(RequestDelegate next, ILogger<RasaErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (RequestRejectedException e) when (!context.Response.HasStarted)
        {
            await ApiError.WriteAsync(context, e.StatusCode, e.Message);
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ApiError.WriteAsync(context, e.StatusCode, $"Bad request: {e.Message}");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away; there is nobody to answer
            return;
        }
        catch (TimeoutException e) when (!context.Response.HasStarted)
        {
            // a grain call ran out of time: what it did is unknown to us, so say so instead of "failed"
            LogTimeout(logger, e, context.Request.Method, context.Request.Path.Value ?? "", context.TraceIdentifier);
            await JsonError.WriteAsync(context.Response, StatusCodes.Status504GatewayTimeout,
                $"The request did not finish in time (request {context.TraceIdentifier}); it may still complete. Read the tracker before sending it again.");
            return;
        }
        catch (OrleansMessageRejectionException e) when (!context.Response.HasStarted)
        {
            // the silo holding the conversation stopped or cannot be reached (a kill, a rollout): Orleans
            // re-activates it elsewhere once that silo is declared dead, so this is worth retrying
            LogUnavailable(logger, e, context.Request.Method, context.Request.Path.Value ?? "", context.TraceIdentifier);
            context.Response.Headers.RetryAfter = "1";
            await JsonError.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable,
                $"The conversation is moving to another node (request {context.TraceIdentifier}); try again in a moment. " +
                "If this was a write, read the tracker first: the node may have stored it before it stopped.");
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // the exception's text can name silos and internals: it goes to the log, the client gets the request id
            LogServerFailure(logger, e, context.Request.Method, context.Request.Path.Value ?? "", context.TraceIdentifier);
            await ApiError.WriteAsync(context, StatusCodes.Status500InternalServerError,
                $"Server failure. Error: an internal error ({e.GetType().Name}, request {context.TraceIdentifier}); the server log has the details.");
            return;
        }

        var response = context.Response;
        if (response.HasStarted || response.ContentType is not null || response.ContentLength > 0)
        {
            return;
        }

        var request = $"{context.Request.Method} {context.Request.Path}";
        switch (response.StatusCode)
        {
            case StatusCodes.Status404NotFound when EmptyConversationId().IsMatch(context.Request.Path.Value ?? ""):
                await JsonError.WriteAsync(response, StatusCodes.Status400BadRequest, "The conversation id is empty.");
                break;
            case StatusCodes.Status404NotFound:
                await JsonError.WriteAsync(response, StatusCodes.Status404NotFound, $"Not found: no route matches {request}.");
                break;
            case StatusCodes.Status405MethodNotAllowed:
                await JsonError.WriteAsync(response, StatusCodes.Status405MethodNotAllowed,
                    $"Method not allowed: {request}. Allowed: {response.Headers.Allow}.");
                break;
        }
    }

    [GeneratedRegex("^/conversations?//")]
    private static partial Regex EmptyConversationId();

    [LoggerMessage(Level = LogLevel.Error, Message = "Server failure on {Method} {Path} (request {RequestId})")]
    private static partial void LogServerFailure(ILogger logger, Exception exception, string method, string path, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo unavailable on {Method} {Path} (request {RequestId})")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timed out on {Method} {Path} (request {RequestId})")]
    private static partial void LogTimeout(ILogger logger, Exception exception, string method, string path, string requestId);
}
