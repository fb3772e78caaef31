using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Hosting;

/// <summary>The Orleans Dashboard in every silo, when <see cref="DashboardSettings.Enabled"/>.</summary>
public static class DashboardExtensions
{
    /// <summary>Adds the dashboard's grains and statistics collection to the silo when enabled.</summary>
    public static ISiloBuilder AddRasaDashboard(this ISiloBuilder silo, DashboardSettings settings)
    {
        if (settings.Enabled)
        {
            silo.AddDashboard();
        }

        return silo;
    }

    /// <summary>Maps the dashboard at <see cref="DashboardSettings.Path"/> behind the API's token, when enabled.</summary>
    public static WebApplication MapRasaDashboard(this WebApplication app)
    {
        var settings = app.Configuration.GetRasaOptions().Dashboard;
        if (settings.Enabled)
        {
            var path = "/" + settings.Path.Trim('/');
            app.MapOrleansDashboard(routePrefix: path)
                .RequireRasaToken(cookiePath: path)
                .WithMetadata(new ExcludeFromDescriptionAttribute());
        }

        return app;
    }
}
