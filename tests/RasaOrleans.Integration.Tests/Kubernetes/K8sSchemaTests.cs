using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Postgres;
using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Integration.Tests.Kubernetes;

/// <summary>
/// The rendered kustomization (<see cref="Kustomization"/>) against the Kubernetes API's schemas: every object is
/// loaded strictly into the official client's API types (an unknown field, a wrong type or an API version the
/// cluster no longer serves fails), every reference between the objects resolves, and the pods get what the
/// server needs to start on a fresh cluster: a writable data directory, the schema before the server, a pre-stop
/// delay inside the grace period, their name and namespace.
/// </summary>
public sealed class K8sSchemaTests
{
    private const string SecretName = "rasa-orleans-postgres";
    private static readonly string K8s = Path.Combine(RepositoryRoot.Path, "k8s");

    private static readonly Lazy<IReadOnlyList<object>> Objects = new(() =>
        KubernetesYaml.LoadAllFromString(Kustomization.ToYaml(Kustomization.Render(K8s)), strict: true));

    [Fact]
    public void Every_rendered_object_loads_strictly_into_the_kubernetes_api_types()
    {
        Assert.Equal(
            ["ConfigMap", "ConfigMap", "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Job", "PodDisruptionBudget", "Service", "ServiceAccount"],
            Objects.Value.Cast<IKubernetesObject>().Select(o => o.Kind).Order());
        var secret = Assert.IsType<V1Secret>(Assert.Single(KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(K8s, "secret.example.yaml")), strict: true)));
        Assert.Equal(SecretName, secret.Metadata.Name);

        // the API types know no required fields: the ones the API server would insist on here, checked by hand
        Assert.All(Objects.Value.Cast<IMetadata<V1ObjectMeta>>(), o => Assert.False(string.IsNullOrEmpty(o.Metadata?.Name)));
        foreach (var pod in new[] { Of<V1Deployment>().Single().Spec.Template.Spec, Of<V1Job>().Single().Spec.Template.Spec })
        {
            Assert.All(pod.Containers.Concat(pod.InitContainers ?? []), c => Assert.False(string.IsNullOrEmpty(c.Name) || string.IsNullOrEmpty(c.Image), $"container {c.Name}: name and image"));
            Assert.All(pod.Volumes ?? [], v => Assert.False(string.IsNullOrEmpty(v.Name)));
        }

        Assert.NotNull(Of<V1Deployment>().Single().Spec.Selector);
        Assert.All(Of<V1Service>().Single().Spec.Ports, p => Assert.True(p.Port > 0));
    }

    [Theory]
    [InlineData("deployment.yaml", "  replicas: 2", "  replicaz: 2")]
    [InlineData("deployment.yaml", "containerPort: 5005", "containerPort: five-thousand-five")]
    [InlineData("deployment.yaml", "          readOnlyRootFilesystem: true", "          readOnlyRootFileSystem: true")]
    [InlineData("hpa.yaml", "apiVersion: autoscaling/v2", "apiVersion: autoscaling/v2beta1")]
    [InlineData("pdb.yaml", "kind: PodDisruptionBudget", "kind: PodDisruptionBudgets")]
    public void The_schema_check_rejects_a_broken_manifest(string file, string good, string broken)
    {
        var text = File.ReadAllText(Path.Combine(K8s, file));
        Assert.Contains(good, text, StringComparison.Ordinal);
        Assert.NotEmpty(KubernetesYaml.LoadAllFromString(text, strict: true));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace(good, broken, StringComparison.Ordinal), strict: true));
    }

    [Fact]
    public void Every_reference_of_the_pods_and_controllers_resolves()
    {
        var configMaps = Of<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();
        var accounts = Of<V1ServiceAccount>().Select(a => a.Metadata.Name).ToHashSet();
        var secret = KubernetesYaml.Deserialize<V1Secret>(File.ReadAllText(Path.Combine(K8s, "secret.example.yaml")), strict: true);
        var deployment = Of<V1Deployment>().Single();
        foreach (var pod in new[] { deployment.Spec.Template.Spec, Of<V1Job>().Single().Spec.Template.Spec })
        {
            if (pod.ServiceAccountName is { } account)
            {
                Assert.Contains(account, accounts);
            }

            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.ConfigMap is { } map)
                {
                    Assert.Contains(map.Name, configMaps);
                }
            }

            foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                Assert.All(container.VolumeMounts ?? [], m => Assert.Contains(m.Name, pod.Volumes!.Select(v => v.Name)));
                foreach (var source in container.EnvFrom ?? [])
                {
                    if (source.ConfigMapRef is { } map)
                    {
                        Assert.Contains(map.Name, configMaps);
                    }

                    if (source.SecretRef is { } secretRef)
                    {
                        Assert.Equal(SecretName, secretRef.Name);
                    }
                }

                foreach (var key in (container.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>())
                {
                    Assert.Equal(SecretName, key.Name);
                    Assert.Contains(key.Key, secret.StringData.Keys);
                }
            }
        }

        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.Subset(podLabels.ToHashSet(), deployment.Spec.Selector.MatchLabels.ToHashSet());
        Assert.Subset(podLabels.ToHashSet(), Of<V1Service>().Single().Spec.Selector.ToHashSet());
        Assert.Subset(podLabels.ToHashSet(), Of<V1PodDisruptionBudget>().Single().Spec.Selector.MatchLabels.ToHashSet());
        var target = Of<V2HorizontalPodAutoscaler>().Single().Spec.ScaleTargetRef;
        Assert.Equal((deployment.Kind, deployment.Metadata.Name), (target.Kind, target.Name));
    }

    [Fact]
    public void The_server_writes_its_data_directory_to_a_mounted_volume_under_a_read_only_root()
    {
        var pod = Of<V1Deployment>().Single().Spec.Template.Spec;
        var server = pod.Containers.Single();
        Assert.True(server.SecurityContext.ReadOnlyRootFilesystem);
        var dataDirectory = Settings()["RasaOrleans__DataDirectory"];
        foreach (var path in new[] { dataDirectory, "/tmp" })
        {
            var mount = Assert.Single(server.VolumeMounts, m => m.MountPath == path);
            Assert.NotEqual(true, mount.ReadOnlyProperty);
            var volume = pod.Volumes.Single(v => v.Name == mount.Name);
            Assert.True(volume.EmptyDir is not null || volume.PersistentVolumeClaim is not null, $"{path}: volume {volume.Name} is not writable storage");
        }
    }

    [Fact]
    public void Pods_wait_for_the_tables_of_the_newest_schema_script_when_the_server_does_not_apply_it()
    {
        Assert.Equal("false", Settings()["RasaOrleans__ApplySchema"]);
        var wait = Assert.Single(Of<V1Deployment>().Single().Spec.Template.Spec.InitContainers);
        var command = string.Join(' ', wait.Command);
        // the Job applies every script in one transaction: the newest script's last table is there only when all are
        var lastTable = PostgresSchema.Scripts[^1].Sql.Split("CREATE TABLE IF NOT EXISTS ", StringSplitOptions.None)[^1]
            .Split(['\n', ' ', '('], 2)[0].Trim();
        Assert.Contains($"to_regclass('public.{lastTable}')", command, StringComparison.Ordinal);
        Assert.Contains("until psql", command, StringComparison.Ordinal);
        Assert.Equal(SecretName, Assert.Single(wait.EnvFrom).SecretRef.Name);
    }

    [Fact]
    public void The_pre_stop_delay_and_the_shutdown_fit_in_the_grace_period()
    {
        var pod = Of<V1Deployment>().Single().Spec.Template.Spec;
        var preStop = pod.Containers.Single().Lifecycle.PreStop.Exec.Command;
        Assert.Equal("sleep", preStop[0]);
        var delay = int.Parse(preStop[1], CultureInfo.InvariantCulture);
        Assert.InRange(delay, 1, 30);
        var shutdown = int.Parse(Settings()["RasaOrleans__ShutdownTimeoutSeconds"], CultureInfo.InvariantCulture);
        Assert.True(delay + shutdown < pod.TerminationGracePeriodSeconds, $"preStop {delay} s + shutdown {shutdown} s >= grace {pod.TerminationGracePeriodSeconds} s");
    }

    [Fact]
    public void The_pods_name_and_namespace_reach_the_telemetry_resource()
    {
        var env = Of<V1Deployment>().Single().Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);
        var pod = new Dictionary<string, string> { ["metadata.name"] = "rasa-orleans-7d9f-abcde", ["metadata.namespace"] = "bots" };
        string? Downward(string name) =>
            env.TryGetValue(name, out var variable) && variable.ValueFrom?.FieldRef?.FieldPath is { } path && pod.TryGetValue(path, out var value) ? value : null;

        var attributes = TelemetryExtensions.KubernetesAttributes(Downward).ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("rasa-orleans-7d9f-abcde", attributes["k8s.pod.name"]);
        Assert.Equal("bots", attributes["k8s.namespace.name"]);
        Assert.Empty(TelemetryExtensions.KubernetesAttributes(_ => null));
    }

    [Fact]
    public void No_role_grants_the_pods_kubernetes_api_rights()
    {
        var kinds = Objects.Value.Cast<IKubernetesObject>().Select(o => o.Kind).ToList();
        Assert.DoesNotContain("Role", kinds);
        Assert.DoesNotContain("RoleBinding", kinds);
        Assert.False(Of<V1ServiceAccount>().Single().AutomountServiceAccountToken);
        Assert.False(Of<V1Deployment>().Single().Spec.Template.Spec.AutomountServiceAccountToken);
    }

    [KubectlFact]
    public async Task The_rendering_matches_kubectl_kustomize()
    {
        var start = new ProcessStartInfo(KubectlFactAttribute.Binary!, ["kustomize", K8s]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var kubectl = Process.Start(start)!;
        var output = await kubectl.StandardOutput.ReadToEndAsync();
        await kubectl.WaitForExitAsync();
        Assert.True(kubectl.ExitCode == 0, await kubectl.StandardError.ReadToEndAsync());

        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        // kubectl appends a content hash to generated names
        static string Key(YamlMappingNode o)
        {
            var name = ((YamlScalarNode)((YamlMappingNode)o["metadata"])["name"]).Value!;
            var kind = ((YamlScalarNode)o["kind"]).Value!;
            return kind + "/" + (kind == "ConfigMap" && name.Count(c => c == '-') > 1 && name[^11] == '-' ? name[..^11] : name);
        }

        var expected = stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToDictionary(Key, Normalise);
        var actual = Kustomization.Render(K8s).ToDictionary(Key, Normalise);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, json) in expected)
        {
            // maps compare by key, whatever their order
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(json, actual[key]), $"{key} differs:\nkubectl:\n{json}\nours:\n{actual[key]}");
        }
    }

    // the object through the API types, with generated names and references to them stripped of kubectl's hash
    private static System.Text.Json.Nodes.JsonNode? Normalise(YamlMappingNode node)
    {
        var text = Kustomization.ToYaml([node]);
        text = System.Text.RegularExpressions.Regex.Replace(text, @"(rasa-orleans-(schema|dashboard))-[a-z0-9]{10}\b", "$1");
        return System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(KubernetesYaml.LoadAllFromString(text, strict: true).Single()));
    }

    private static IEnumerable<T> Of<T>() => Objects.Value.OfType<T>();

    private static IDictionary<string, string> Settings() => Of<V1ConfigMap>().Single(c => c.Metadata.Name == "rasa-orleans").Data;
}
