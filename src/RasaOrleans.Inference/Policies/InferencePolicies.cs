using RasaOrleans.Core.Policies;

namespace RasaOrleans.Inference.Policies;

/// <summary>The policy catalog of a full server: Core's built-in policies plus the ML.NET policy.</summary>
public static class InferencePolicies
{
    public static PolicyCatalog Catalog { get; } = PolicyCatalog.Builtin.With(new MlPolicyProvider());
}
