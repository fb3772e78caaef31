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

    // the latency histograms and the range their observations fall in; everything else keeps the SDK's buckets
    private static readonly string[] InferenceHistograms = ["rasa.nlu.duration", "rasa.policy.duration"];

    private static readonly string[] LatencyHistograms =
    [
        "rasa.turn.duration",
        "orleans-app-requests-latency",
        "orleans-storage-read-latency",
        "orleans-storage-write-latency",
        "orleans-storage-clear-latency",
    ];

    /// <summary>Adds metrics (Prometheus; OTLP too when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set) and, only with that endpoint, tracing.</summary>
    public static IHostApplicationBuilder AddRasaTelemetry(this IHostApplicationBuilder builder)
    {
        var pod = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } name ? name : null;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                // in Kubernetes the pod names the instance; elsewhere the SDK makes up an id per process
                .AddService(ServiceName, serviceVersion: RasaVersion.Current, serviceInstanceId: pod, autoGenerateServiceInstanceId: pod is null)
                .AddAttributes(KubernetesAttributes(Environment.GetEnvironmentVariable)))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter("Microsoft.Orleans", RasaMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter();
                foreach (var name in InferenceHistograms)
                {
                    metrics.AddView(name, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RasaMetrics.InferenceBuckets] });
                }

                foreach (var name in LatencyHistograms)
                {
                    metrics.AddView(name, new ExplicitBucketHistogramConfiguration { Boundaries = [.. RasaMetrics.LatencyBuckets] });
                }
            });

        if (ExportsOverOtlp(builder.Configuration))
        {
            // Traces only when they go somewhere: a listening tracer makes every request and grain call create
            // activities (allocations and work on every turn) for spans nobody would receive.
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime")
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// True when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a receiver: then metrics also go over OTLP and traces
    /// (HTTP requests, and grain calls through Orleans' activity propagation) are recorded; without it, not.
    /// </summary>
    public static bool ExportsOverOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>
    /// The pod's name and namespace as resource attributes (<c>k8s.pod.name</c>, <c>k8s.namespace.name</c>), from
    /// the downward-API variables <c>POD_NAME</c> and <c>POD_NAMESPACE</c> the Deployment sets. Outside Kubernetes: none.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, object>> KubernetesAttributes(Func<string, string?> environment)
    {
        if (environment("POD_NAME") is { Length: > 0 } pod)
        {
            yield return new("k8s.pod.name", pod);
        }

        if (environment("POD_NAMESPACE") is { Length: > 0 } ns)
        {
            yield return new("k8s.namespace.name", ns);
        }
    }
}
