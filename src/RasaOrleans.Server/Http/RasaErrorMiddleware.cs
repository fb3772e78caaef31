using System.Text.RegularExpressions;

namespace RasaOrleans.Server.Http;

/// <summary>
/// Gives every error a JSON body <c>{"error": ...}</c>: client mistakes found while reading a request
/// (<see cref="RequestRejectedException"/>, and the server's own bad-request errors) get their 4xx; an empty
/// conversation id gets 400; unknown routes 404 and wrong methods 405; any other exception is a bug: it is
/// logged and answered 500 <c>{"error": "Server failure. Error: ..."}</c> (Rasa's wording).
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
            await JsonError.WriteAsync(context.Response, e.StatusCode, e.Message);
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await JsonError.WriteAsync(context.Response, e.StatusCode, $"Bad request: {e.Message}");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away; there is nobody to answer
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogServerFailure(logger, e, context.Request.Method, context.Request.Path.Value ?? "");
            await JsonError.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, $"Server failure. Error: {e.Message}");
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Server failure on {Method} {Path}")]
    private static partial void LogServerFailure(ILogger logger, Exception exception, string method, string path);
}
