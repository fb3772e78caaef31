namespace RasaOrleans.Abstractions;

/// <summary>
/// Grain references without Orleans' per-call type lookup. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the
/// interface's grain interface type by reflection on every call (custom attributes, type-name parsing): a few
/// kilobytes and microseconds per turn for an answer that never changes. Here it is resolved once per interface
/// and every later reference is built from the grain id directly.
/// </summary>
public static class GrainReferences
{
    /// <summary>A reference to the grain of <typeparamref name="T"/> with the string key <paramref name="key"/>.</summary>
    public static T Get<T>(IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        TypeOf<T>.Resolved is { } resolved
            ? (T)grains.GetGrain(GrainId.Create(resolved.Grain, key), resolved.Interface)
            : TypeOf<T>.Resolve(grains.GetGrain<T>(key));

    /// <summary>A reference to the grain of <typeparamref name="T"/> with the integer key <paramref name="key"/>.</summary>
    public static T Get<T>(IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        TypeOf<T>.Resolved is { } resolved
            ? (T)grains.GetGrain(GrainId.Create(resolved.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), resolved.Interface)
            : TypeOf<T>.Resolve(grains.GetGrain<T>(key));

    private static class TypeOf<T>
    {
        // a reference, so a thread reading it while another sets it sees either nothing or both types
        public static volatile ResolvedTypes? Resolved;

        public static T Resolve(T reference)
        {
            var grainReference = (GrainReference)(object)reference!;
            Resolved = new ResolvedTypes(grainReference.GrainId.Type, grainReference.InterfaceType);
            return reference;
        }
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);
}
