namespace RasaOrleans.Core.Policies;

/// <summary>
/// The policy kinds a trainer or model loader knows, by name. <see cref="Builtin"/> holds the policies of
/// Core (memoization and fallback); <c>RasaOrleans.Inference.Policies.InferencePolicies.Catalog</c> adds the
/// ML.NET policy. Immutable, so one instance can be shared.
/// </summary>
public sealed class PolicyCatalog
{
    private readonly Dictionary<string, IPolicyProvider> _byName = new(StringComparer.Ordinal);

    public PolicyCatalog(IEnumerable<IPolicyProvider> providers)
    {
        Providers = [.. providers];
        foreach (var provider in Providers)
        {
            foreach (var name in provider.Names)
            {
                if (!_byName.TryAdd(name, provider))
                {
                    throw new ArgumentException($"two policy providers claim the name '{name}'", nameof(providers));
                }
            }
        }
    }

    /// <summary>Memoization (plain and augmented) and the fallback policy.</summary>
    public static PolicyCatalog Builtin { get; } = new([new MemoizationPolicyProvider(), new FallbackPolicyProvider()]);

    public IReadOnlyList<IPolicyProvider> Providers { get; }

    /// <summary>Every name this catalog can train or load.</summary>
    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>A catalog with these providers added.</summary>
    public PolicyCatalog With(params IPolicyProvider[] more) => new([.. Providers, .. more]);

    public IPolicyProvider? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The provider for a name, or a <see cref="RasaFormatException"/> naming what is available.</summary>
    public IPolicyProvider Get(string name, string? file = null) =>
        Find(name) ?? throw new RasaFormatException(
            $"policy '{name}' is not available here; available: {string.Join(", ", Names)}" +
            (name is PolicyConfiguration.MlPolicy or PolicyConfiguration.KerasPolicy or PolicyConfiguration.SklearnPolicy
                ? " (the ML policy needs RasaOrleans.Inference: use InferencePolicies.Catalog / DialogueModelLoader)"
                : ""),
            file);
}
