namespace RasaOrleans.Grains.Models;

/// <summary>The registry in this process's memory: for the in-memory storage of tests (one silo, nothing durable).</summary>
public sealed class MemoryModelBundleStore : IModelBundleStore
{
    private readonly Lock _lock = new();
    private readonly List<(ModelBundleHead Head, byte[] Bundle)> _bundles = [];
    private readonly Dictionary<string, SiloServing> _serving = new(StringComparer.Ordinal);
    private long _next;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ModelBundleHead>> CurrentAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<ModelBundleHead> heads = [.. _bundles.GroupBy(b => b.Head.Slot).Select(g => g.MaxBy(b => b.Head.Version).Head)];
            return Task.FromResult(heads);
        }
    }

    public Task<byte[]> ReadBundleAsync(long version, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_bundles.Single(b => b.Head.Version == version).Bundle);
        }
    }

    public Task<ModelBundleHead> PutAsync(string slot, string fingerprint, string source, byte[] bundle, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var head = new ModelBundleHead(++_next, slot, fingerprint, source, DateTimeOffset.UtcNow);
            _bundles.Add((head, bundle));
            var keep = _bundles.Where(b => b.Head.Slot == slot).OrderByDescending(b => b.Head.Version).Take(2).Select(b => b.Head.Version).ToHashSet();
            _bundles.RemoveAll(b => b.Head.Slot == slot && !keep.Contains(b.Head.Version));
            return Task.FromResult(head);
        }
    }

    public Task ReportServingAsync(string silo, IReadOnlyDictionary<string, string> serving, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _serving[silo] = new SiloServing(silo, serving, DateTimeOffset.UtcNow);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloServing>> ServingAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<SiloServing> all = [.. _serving.Values.OrderByDescending(s => s.UpdatedUtc)];
            return Task.FromResult(all);
        }
    }
}
