namespace RasaOrleans.Grains.Models;

/// <summary>
/// The durable, cluster-wide model registry: model bundles (a zip of the model directory) by slot and version,
/// the newest version of a slot being the one to serve, and what each silo reports it serves. PostgreSQL in a
/// cluster, the data directory's SQLite file on one machine, memory in tests.
/// </summary>
public interface IModelBundleStore
{
    /// <summary>Creates the tables if needed.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The newest version of every slot.</summary>
    Task<IReadOnlyList<ModelBundleHead>> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>The zip of a version.</summary>
    Task<byte[]> ReadBundleAsync(long version, CancellationToken cancellationToken);

    /// <summary>Stores a new version of <paramref name="slot"/> (it becomes the current one) and drops versions before the previous one.</summary>
    Task<ModelBundleHead> PutAsync(string slot, string fingerprint, string source, byte[] bundle, CancellationToken cancellationToken);

    /// <summary>Records what <paramref name="silo"/> serves now.</summary>
    Task ReportServingAsync(string silo, IReadOnlyDictionary<string, string> serving, CancellationToken cancellationToken);

    /// <summary>What every silo last reported, newest first.</summary>
    Task<IReadOnlyList<SiloServing>> ServingAsync(CancellationToken cancellationToken);
}
