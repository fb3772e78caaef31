using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Postgres;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Integration.Tests;

/// <summary>
/// The Kubernetes manifests, the Dockerfile and the dashboard parse, and agree with the server: health routes,
/// ports, settings, shutdown timing, the schema scripts and their lock.
/// </summary>
public sealed partial class K8sManifestsTests
{
    private static readonly string K8s = Path.Combine(RepositoryRoot.Path, "k8s");

    public static TheoryData<string> YamlFiles => [.. Directory.GetFiles(K8s, "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_manifest_parses_and_names_its_kind(string file)
    {
        var documents = Load(file);
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            Assert.False(string.IsNullOrEmpty(Scalar(document, "apiVersion")), $"{file}: apiVersion");
            Assert.False(string.IsNullOrEmpty(Scalar(document, "kind")), $"{file}: kind");
        }
    }

    [Fact]
    public void Kustomization_lists_every_manifest_but_the_secret_example()
    {
        var kustomization = Single("kustomization.yaml", "Kustomization");
        var resources = Sequence(kustomization, "resources").Select(n => ((YamlScalarNode)n).Value!).Order();
        var manifests = Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName)
            .Where(f => f is not "kustomization.yaml" and not "secret.example.yaml").Order();
        Assert.Equal(manifests, resources);
    }

    [Fact]
    public void Deployment_probes_use_the_server_health_routes()
    {
        var container = Container();
        Assert.Equal(HealthExtensions.ReadyPath, Scalar(container, "startupProbe", "httpGet", "path"));
        Assert.Equal(HealthExtensions.ReadyPath, Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal(HealthExtensions.LivePath, Scalar(container, "livenessProbe", "httpGet", "path"));
    }

    [Fact]
    public void Deployment_carries_orleans_labels_and_downward_api_environment()
    {
        var template = Mapping(Single("deployment.yaml", "Deployment"), "spec", "template");
        var labels = Mapping(template, "metadata", "labels");
        Assert.False(string.IsNullOrEmpty(Scalar(labels, "orleans/serviceId")));
        Assert.False(string.IsNullOrEmpty(Scalar(labels, "orleans/clusterId")));

        var env = Sequence(Container(), "env").Cast<YamlMappingNode>()
            .ToDictionary(e => Scalar(e, "name")!, e => e);
        Assert.Equal("metadata.name", Scalar(env["POD_NAME"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.namespace", Scalar(env["POD_NAMESPACE"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("status.podIP", Scalar(env["POD_IP"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.labels['orleans/serviceId']", Scalar(env["ORLEANS_SERVICE_ID"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.labels['orleans/clusterId']", Scalar(env["ORLEANS_CLUSTER_ID"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Contains("ConnectionStrings__orleans", env.Keys);
    }

    [Fact]
    public void Deployment_ports_match_the_server_defaults_and_the_dockerfile()
    {
        var ports = Sequence(Container(), "ports").Cast<YamlMappingNode>()
            .ToDictionary(p => Scalar(p, "name")!, p => int.Parse(Scalar(p, "containerPort")!, CultureInfo.InvariantCulture));
        var defaults = new RasaOrleansOptions();
        Assert.Equal(defaults.Port, ports["http"]);
        Assert.Equal(defaults.SiloPort, ports["silo"]);
        Assert.Equal(defaults.GatewayPort, ports["gateway"]);

        var exposed = ExposeLine().Match(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile")));
        Assert.True(exposed.Success, "Dockerfile has an EXPOSE line");
        Assert.Equal(ports.Values.Order(), exposed.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order());
    }

    [Fact]
    public void Termination_grace_outlasts_the_host_shutdown_timeout()
    {
        var grace = int.Parse(Scalar(Single("deployment.yaml", "Deployment"), "spec", "template", "spec", "terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture);
        var configured = int.Parse(Scalar(Single("configmap.yaml", "ConfigMap"), "data", "RasaOrleans__ShutdownTimeoutSeconds")!, CultureInfo.InvariantCulture);
        Assert.True(grace > configured, $"terminationGracePeriodSeconds {grace} <= ShutdownTimeoutSeconds {configured}");
        Assert.True(grace > new RasaOrleansOptions().ShutdownTimeoutSeconds);
    }

    [Fact]
    public void Deployment_rolls_one_silo_at_a_time_with_a_cpu_request_and_no_cpu_limit()
    {
        var spec = Mapping(Single("deployment.yaml", "Deployment"), "spec");
        Assert.Equal("0", Scalar(spec, "strategy", "rollingUpdate", "maxUnavailable"));
        Assert.Equal("1", Scalar(spec, "strategy", "rollingUpdate", "maxSurge"));
        var container = Container();
        Assert.NotNull(Scalar(container, "resources", "requests", "cpu"));
        Assert.Null(Scalar(container, "resources", "limits", "cpu"));
        Assert.Equal("true", Scalar(spec, "template", "spec", "securityContext", "runAsNonRoot"));
    }

    [Fact]
    public void Configmap_sets_only_settings_the_server_has()
    {
        var data = Mapping(Single("configmap.yaml", "ConfigMap"), "data");
        foreach (var key in data.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!))
        {
            if (key.StartsWith("RasaOrleans__", StringComparison.Ordinal))
            {
                // a section (RasaOrleans__Dashboard__Enabled) names a property of the property's type
                var type = typeof(RasaOrleansOptions);
                foreach (var name in key["RasaOrleans__".Length..].Split("__"))
                {
                    var property = type.GetProperty(name);
                    Assert.True(property is not null, $"{key}: {type.Name} has no setting '{name}'");
                    type = property.PropertyType;
                }
            }
        }

        Assert.Equal(nameof(ClusterMode.AdoNet), Scalar(data, "RasaOrleans__Cluster"));
        Assert.Equal(nameof(StorageProvider.Postgres), Scalar(data, "RasaOrleans__Storage"));
    }

    [Fact]
    public void Autoscaler_scales_on_cpu_and_in_slowly()
    {
        var hpa = Single("hpa.yaml", "HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", Scalar(hpa, "apiVersion"));
        Assert.Equal("cpu", Scalar((YamlMappingNode)Sequence(hpa, "spec", "metrics")[0], "resource", "name"));
        var window = int.Parse(Scalar(hpa, "spec", "behavior", "scaleDown", "stabilizationWindowSeconds")!, CultureInfo.InvariantCulture);
        Assert.True(window >= 300);
        Assert.Equal("policy/v1", Scalar(Single("pdb.yaml", "PodDisruptionBudget"), "apiVersion"));
    }

    [Fact]
    public void Schema_job_runs_every_script_under_the_server_lock()
    {
        var container = (YamlMappingNode)Sequence(Single("schema-job.yaml", "Job"), "spec", "template", "spec", "containers")[0];
        var command = Sequence(container, "command").Select(n => ((YamlScalarNode)n).Value!).ToArray();
        Assert.Contains("--single-transaction", command);
        Assert.Contains($"--command=SELECT pg_advisory_xact_lock({PostgresSchema.AdvisoryLockKey})", command);
        Assert.Equal(PostgresSchema.Scripts.Select(s => $"--file=/sql/{s.Name}"), command.Where(c => c.StartsWith("--file=", StringComparison.Ordinal)));
    }

    [Fact]
    public void Dashboard_charts_the_rasa_and_orleans_metrics()
    {
        var text = File.ReadAllText(Path.Combine(K8s, "grafana", "rasa-orleans-dashboard.json"));
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.GetProperty("panels").GetArrayLength() > 0);
        foreach (var metric in new[] { "rasa_turns_total", "rasa_turn_duration", "rasa_nlu_duration", "rasa_policy_duration", "rasa_fallbacks_total", "rasa_predictions_total", "orleans_grains", "target_info" })
        {
            Assert.Contains(metric, text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"(?m)^EXPOSE\s+([0-9 ]+)$")]
    private static partial Regex ExposeLine();

    private static List<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(K8s, file));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static YamlMappingNode Single(string file, string kind) => Load(file).Single(d => Scalar(d, "kind") == kind);

    private static YamlMappingNode Container() =>
        (YamlMappingNode)Sequence(Single("deployment.yaml", "Deployment"), "spec", "template", "spec", "containers")[0];

    private static YamlNode? Find(YamlMappingNode node, string[] path)
    {
        YamlNode? current = node;
        foreach (var key in path)
        {
            current = current is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return current;
    }

    private static string? Scalar(YamlMappingNode node, params string[] path) => (Find(node, path) as YamlScalarNode)?.Value;

    private static YamlMappingNode Mapping(YamlMappingNode node, params string[] path) =>
        Find(node, path) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"no mapping at {string.Join('.', path)}");

    private static IReadOnlyList<YamlNode> Sequence(YamlMappingNode node, params string[] path) =>
        (Find(node, path) as YamlSequenceNode)?.Children.ToList() ?? throw new Xunit.Sdk.XunitException($"no sequence at {string.Join('.', path)}");
}
