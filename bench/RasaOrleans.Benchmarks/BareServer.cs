using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RasaOrleans.Benchmarks;

/// <summary>
/// A bare Kestrel endpoint, the yardstick the server's figures are divided by: any <c>POST</c> reads the body and
/// answers a fixed JSON object about the size of a conversation parse reply (~290 bytes) whose
/// <c>next_action</c> is <c>action_listen</c>; <c>POST /echo</c> echoes the body. <c>bare --port N</c> runs it in
/// its own process (how the throughput modes use it); the <c>turns</c> mode hosts it in process.
/// </summary>
internal static class BareServer
{
    private const string Reply = """{"next_action":"action_listen","tracker":{"sender_id":"c1","slots":{"name":null},"latest_message":{"text":"/greet","intent":{"name":"greet","confidence":1.0},"intent_ranking":[{"name":"greet","confidence":1.0}],"entities":[]},"latest_event_time":1796014301.978284,"paused":false,"events":null}}""";

    /// <summary>The <c>bare</c> mode: serves until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = BenchHost.IntArg(args, "--port", 5099);
        await using var app = await StartAsync(port);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare Kestrel on http://127.0.0.1:{port}"));
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Starts the endpoint on <paramref name="port"/> in this process.</summary>
    public static async Task<WebApplication> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Text("""{"status":"ready"}""", "application/json"));
        app.MapPost("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Text($$"""{"next_action": "action_listen", "echo": {{body}}}""", "application/json");
        });
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await reader.ReadToEndAsync();
            return Results.Text(Reply, "application/json");
        });
        await app.StartAsync();
        return app;
    }
}
