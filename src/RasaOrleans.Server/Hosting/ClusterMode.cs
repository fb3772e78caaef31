namespace RasaOrleans.Server.Hosting;

/// <summary>How the silo finds the other silos of its cluster.</summary>
public enum ClusterMode
{
    /// <summary>A single silo on this machine (the default): no database, nothing to discover.</summary>
    Localhost,

    /// <summary>Membership in PostgreSQL (Orleans ADO.NET clustering): any number of silos, e.g. pods.</summary>
    AdoNet,
}
