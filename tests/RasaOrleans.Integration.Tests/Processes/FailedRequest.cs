namespace RasaOrleans.Integration.Tests.Processes;

/// <summary>
/// A request that got no 200: <paramref name="Status"/> is the HTTP status when the server answered, null when
/// the request failed in transport (<paramref name="Error"/> says how: connection refused, reset, timeout).
/// </summary>
public sealed record FailedRequest(TimeSpan At, string Silo, string Request, int? Status, string Error)
{
    public override string ToString() =>
        $"{At.TotalSeconds,7:0.00}s {Silo} {Request}: {(Status is { } status ? $"HTTP {status} " : "")}{Error}";
}
