using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RasaOrleans.Grains.Telemetry;

namespace RasaOrleans.Server.Hosting;

/// <summary>OpenTelemetry: traces and metrics from ASP.NET Core, Orleans and Rasa; Prometheus; OTLP when configured.</summary>
public static class TelemetryExtensions
{
    /// <summary>The OpenTelemetry service name.</summary>
    public const string ServiceName = "rasa-orleans";

    /// <summary>Adds tracing and metrics; exports over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public static IHostApplicationBuilder AddRasaTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: RasaVersion.Current))
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime")
                .AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", RasaMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
