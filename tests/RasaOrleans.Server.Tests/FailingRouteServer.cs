using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace RasaOrleans.Server.Tests;

/// <summary>The server plus one route that fails like a bug would (<c>GET /test/bug</c>).</summary>
public sealed class FailingRouteServer : RasaServerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddControllers().AddApplicationPart(typeof(BugController).Assembly));
    }
}
