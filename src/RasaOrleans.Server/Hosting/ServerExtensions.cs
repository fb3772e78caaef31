using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Hosting;

/// <summary>Composition of the whole server: what <c>run</c> builds.</summary>
public static class ServerExtensions
{
    /// <summary>Reads <see cref="RasaOrleansOptions"/> as they stand in the builder's configuration.</summary>
    public static RasaOrleansOptions GetRasaOptions(this IConfiguration configuration) =>
        configuration.GetSection(RasaOrleansOptions.SectionName).Get<RasaOrleansOptions>() ?? new RasaOrleansOptions();

    /// <summary>Adds the silo, storage, telemetry, health checks, logging and controllers.</summary>
    public static WebApplicationBuilder AddRasaServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RasaOrleansOptions>().BindConfiguration(RasaOrleansOptions.SectionName);
        var options = builder.Configuration.GetRasaOptions();

        builder.WebHost.UseUrls($"http://0.0.0.0:{options.Port}");
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        builder.AddRasaLogging(options);
        builder.AddRasaOrleans(options);
        builder.AddRasaChannels(options);
        builder.AddRasaTelemetry();
        builder.Services.AddRasaHealthChecks();
        builder.Services.AddHostedService<StartupBannerService>();
        // --auth_token and JWT on every endpoint not marked [AllowAnonymous], controllers or not
        builder.Services.AddRasaAuth(options);
        builder.Services.AddRasaApiDocs();
        builder.Services.AddControllers(mvc =>
        {
            // Rasa reads JSON whatever the Content-Type (curl -d sends a form type): never let model binding
            // consume a body as a form. /load reads its multipart form itself.
            mvc.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
            mvc.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
            mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
        }).ConfigureApiBehaviorOptions(api =>
        {
            // every answer the application makes has the one documented error shape, never ProblemDetails
            api.SuppressMapClientErrors = true;
            api.InvalidModelStateResponseFactory = context => JsonError.Result(StatusCodes.Status400BadRequest, ModelStateProblem(context.ModelState));
        });
        if (options.CorsOrigins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => ConfigureCors(policy, options.CorsOrigins)));
        }

        return builder;
    }

    /// <summary>Adds the error, CORS and authentication middleware; maps the controllers, health endpoints and the metrics scraping endpoint.</summary>
    public static WebApplication MapRasaServer(this WebApplication app)
    {
        // JSON bodies for every error: 4xx for client mistakes, 404/405, 500 for bugs
        app.UseMiddleware<RasaErrorMiddleware>();
        if (app.Configuration.GetRasaOptions().CorsOrigins.Length > 0)
        {
            app.UseCors();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRasaHealthChecks();
        app.MapPrometheusScrapingEndpoint().AllowAnonymous();
        app.MapControllers();
        app.MapRasaApiDocs();
        app.MapRasaDashboard();
        return app;
    }

    private static string ModelStateProblem(ModelStateDictionary modelState) =>
        modelState.TryGetValue("id", out var id) && id.Errors.Count > 0
            ? "The conversation id is empty or only white space."
            : "Invalid request: " + string.Join(" ", modelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));

    private static void ConfigureCors(CorsPolicyBuilder policy, string[] origins)
    {
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(origins);
        }

        policy.AllowAnyHeader().AllowAnyMethod();
    }
}
