using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using RasaOrleans.Core;
using RasaOrleans.Core.Conversations;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Tracking;

namespace RasaOrleans.Grains.Actions;

/// <summary>
/// Rasa's custom action protocol over a typed <see cref="HttpClient"/> (its timeout and its retries of refused
/// connections come from the resilience pipeline, see <see cref="ActionServerRegistration"/>): POSTs
/// <c>{next_action, sender_id, tracker, domain, version}</c> with all of the tracker's events; a 200
/// <c>{events, responses}</c> is the action's result, a 400 <c>{action_name, error}</c> a rejection, anything else a
/// failure that names what went wrong. Never throws for what the action server does.
/// </summary>
public sealed partial class ActionServerClient(HttpClient http, IOptions<ActionServerOptions> options, TimeProvider time,
    ILogger<ActionServerClient> logger) : IActionServer
{
    /// <summary>The Rasa version whose action protocol this speaks (sent as <c>version</c>; SDKs only warn on a mismatch).</summary>
    public const string ProtocolVersion = "3.6.21";

    private static readonly ConditionalWeakTable<DomainSpec, byte[]> DomainJson = new();

    public async ValueTask<CustomActionResult> RunAsync(string action, Tracker tracker, DomainSpec domain, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.Url is not { } url)
        {
            LogNotConfigured(logger, action);
            return new CustomActionResult.NotConfigured();
        }

        // the body is written now, on the caller's thread: the tracker is not read after the first await
        var body = RequestBody(action, tracker, domain);
        using var request = new HttpRequestMessage(HttpMethod.Post, WithToken(url, settings))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in settings.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var json = await ReadAsync(response, settings.MaxResponseBytes, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => Completed(action, json),
                HttpStatusCode.BadRequest => Rejected(action, json),
                var status => Failed(502, action, $"the action server answered {(int)status} {response.ReasonPhrase}."),
            };
        }
        catch (TimeoutRejectedException)
        {
            return Failed(504, action, $"the action server did not answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            return Failed(502, action, $"could not reach the action server at {url.GetLeftPart(UriPartial.Path)} ({Describe(e)}).");
        }
        catch (ResponseTooLargeException)
        {
            return Failed(502, action, $"the action server's answer is larger than {settings.MaxResponseBytes} bytes.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(504, action, $"the action server did not answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
    }

    private CustomActionResult Completed(string action, string? text)
    {
        JsonObject answer;
        try
        {
            answer = StrictJson.Parse(text ?? "") as JsonObject ?? throw new RasaFormatException("the answer is not a JSON object");
        }
        catch (RasaFormatException e)
        {
            return Failed(502, action, $"the action server's answer is not valid: {e.Message}");
        }

        List<Event> events;
        try
        {
            events = answer["events"] is null ? [] : EventJson.DecodeList(answer["events"], Now());
        }
        catch (RasaFormatException e)
        {
            return Failed(502, action, $"the action server returned invalid events: {e.Message}");
        }

        var responses = new List<JsonObject>();
        switch (answer["responses"])
        {
            case null:
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is not JsonObject response)
                    {
                        return Failed(502, action, $"the action server returned a response that is not an object: {EventJson.Describe(item)}.");
                    }

                    responses.Add(response);
                }

                break;
            default:
                return Failed(502, action, "the action server's 'responses' is not a list.");
        }

        return new CustomActionResult.Completed(responses, events);
    }

    private CustomActionResult Rejected(string action, string? text)
    {
        string? error = null;
        try
        {
            if (StrictJson.Parse(text ?? "") is JsonObject body && body["error"] is JsonValue v && v.TryGetValue<string>(out var message))
            {
                error = message;
            }
        }
        catch (RasaFormatException)
        {
            // a 400 without Rasa's body still means the action refused to run
        }

        LogRejected(logger, action, error ?? "(no error given)");
        return new CustomActionResult.Rejected(error ?? "");
    }

    private CustomActionResult.Failed Failed(int status, string action, string error)
    {
        LogFailed(logger, action, error);
        return new CustomActionResult.Failed(status, error);
    }

    private static byte[] RequestBody(string action, Tracker tracker, DomainSpec domain)
    {
        var domainJson = DomainJson.GetValue(domain, d => JsonSerializer.SerializeToUtf8Bytes(d.ToJson()));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("next_action", action);
            writer.WriteString("sender_id", tracker.SenderId);
            writer.WritePropertyName("tracker");
            tracker.CurrentState(EventVerbosity.All).WriteTo(writer);
            writer.WritePropertyName("domain");
            writer.WriteRawValue(domainJson, skipInputValidation: true);
            writer.WriteString("version", ProtocolVersion);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static Uri WithToken(Uri url, ActionServerOptions settings)
    {
        if (string.IsNullOrEmpty(settings.Token))
        {
            return url;
        }

        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri(url + separator + Uri.EscapeDataString(settings.TokenName) + "=" + Uri.EscapeDataString(settings.Token));
    }

    private static async Task<string?> ReadAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new ResponseTooLargeException();
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ResponseTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound => "host not found",
            _ => socket.Message,
        }
        : e.HttpRequestError == HttpRequestError.ResponseEnded ? "the connection closed before an answer"
        : e.Message;

    private double Now() => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    private sealed class ResponseTooLargeException : Exception;

    [LoggerMessage(Level = LogLevel.Error, Message = "Custom action {Action} predicted, but no action server is configured (action_endpoint in --endpoints); it produces nothing")]
    private static partial void LogNotConfigured(ILogger logger, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Custom action {Action} was rejected by the action server: {Error}")]
    private static partial void LogRejected(ILogger logger, string action, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Custom action {Action} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string action, string error);
}
