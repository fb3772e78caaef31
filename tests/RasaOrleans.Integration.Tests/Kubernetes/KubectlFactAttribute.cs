namespace RasaOrleans.Integration.Tests.Kubernetes;

/// <summary>A fact that compares with the real <c>kubectl kustomize</c>: skipped where no kubectl is on the PATH (CI has none).</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Binary is null)
        {
            Skip = "needs kubectl on the PATH to compare the rendering with `kubectl kustomize`";
        }
    }

    /// <summary>The kubectl binary on the PATH, or null.</summary>
    public static string? Binary =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
}
