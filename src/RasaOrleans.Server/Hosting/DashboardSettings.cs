namespace RasaOrleans.Server.Hosting;

/// <summary>
/// The Orleans Dashboard (grain activations, call rates and latencies, silos), bound from
/// <c>RasaOrleans:Dashboard</c>. Served behind the API's auth (<c>--auth_token</c>) when enabled.
/// </summary>
public sealed class DashboardSettings
{
    /// <summary>Serve the dashboard (<c>RasaOrleans__Dashboard__Enabled=true</c>). Default false: it costs a call filter on every grain call.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where it is served. Default <c>/dashboard</c>.</summary>
    public string Path { get; set; } = "/dashboard";
}
