namespace RasaOrleans.Server.Http;

/// <summary>
/// A client mistake found while reading a request (bad JSON, a wrong type, an oversized body). Thrown before
/// any grain is called, so nothing changes; <see cref="RasaErrorMiddleware"/> answers it with
/// <see cref="StatusCode"/> and <c>{"error": message}</c>.
/// </summary>
public sealed class RequestRejectedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static RequestRejectedException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
