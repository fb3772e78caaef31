using YamlDotNet.RepresentationModel;

namespace RasaOrleans.Integration.Tests.Kubernetes;

/// <summary>
/// Renders <c>k8s/kustomization.yaml</c> the way <c>kubectl kustomize</c> does, for the features it uses:
/// <c>resources</c> (files), <c>labels</c> (added to every object's metadata, not to selectors) and
/// <c>configMapGenerator</c> (files as data, optional labels). Generated names get no hash suffix. Any other
/// key fails the rendering, so a kustomization that grows is never rendered half.
/// </summary>
public static class Kustomization
{
    private static readonly HashSet<string> Supported = ["apiVersion", "kind", "labels", "resources", "configMapGenerator"];

    /// <summary>The objects of the kustomization in <paramref name="directory"/>, as YAML documents.</summary>
    public static IReadOnlyList<YamlMappingNode> Render(string directory)
    {
        var kustomization = LoadFile(Path.Combine(directory, "kustomization.yaml")).Single();
        foreach (var key in kustomization.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!))
        {
            Assert.True(Supported.Contains(key), $"kustomization.yaml: '{key}' is not rendered by this test's renderer");
        }

        var objects = new List<YamlMappingNode>();
        foreach (var resource in Items(kustomization, "resources").Cast<YamlScalarNode>())
        {
            objects.AddRange(LoadFile(Path.Combine(directory, resource.Value!)));
        }

        foreach (var generator in Items(kustomization, "configMapGenerator").Cast<YamlMappingNode>())
        {
            objects.Add(GenerateConfigMap(directory, generator));
        }

        foreach (var labels in Items(kustomization, "labels").Cast<YamlMappingNode>())
        {
            Assert.False(labels.Children.ContainsKey(new YamlScalarNode("includeSelectors")), "labels.includeSelectors is not rendered");
            var pairs = (YamlMappingNode)labels.Children[new YamlScalarNode("pairs")];
            foreach (var item in objects)
            {
                var target = Child(Child(item, "metadata"), "labels");
                foreach (var (key, value) in pairs.Children)
                {
                    target.Children[key] = value;
                }
            }
        }

        return objects;
    }

    /// <summary>The rendered objects as one multi-document YAML text, as <c>kubectl kustomize</c> prints it.</summary>
    public static string ToYaml(IEnumerable<YamlMappingNode> objects)
    {
        var stream = new YamlStream([.. objects.Select(o => new YamlDocument(o))]);
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>The YAML documents of a file.</summary>
    public static List<YamlMappingNode> LoadFile(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static YamlMappingNode GenerateConfigMap(string directory, YamlMappingNode generator)
    {
        var data = new YamlMappingNode();
        foreach (var file in Items(generator, "files").Cast<YamlScalarNode>())
        {
            data.Add(Path.GetFileName(file.Value!), new YamlScalarNode(File.ReadAllText(Path.Combine(directory, file.Value!))));
        }

        var metadata = new YamlMappingNode { { "name", ((YamlScalarNode)generator.Children[new YamlScalarNode("name")]).Value! } };
        if (generator.Children.TryGetValue(new YamlScalarNode("options"), out var options)
            && ((YamlMappingNode)options).Children.TryGetValue(new YamlScalarNode("labels"), out var labels))
        {
            metadata.Add("labels", labels);
        }

        return new YamlMappingNode { { "apiVersion", "v1" }, { "kind", "ConfigMap" }, { "metadata", metadata }, { "data", data } };
    }

    private static IEnumerable<YamlNode> Items(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlSequenceNode)value).Children : [];

    private static YamlMappingNode Child(YamlMappingNode node, string key)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var child))
        {
            child = new YamlMappingNode();
            node.Children[new YamlScalarNode(key)] = child;
        }

        return (YamlMappingNode)child;
    }
}
