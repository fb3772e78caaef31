using System.Net;
using System.Net.Sockets;

namespace RasaOrleans.Integration.Tests;

/// <summary>Free localhost TCP ports for silos and HTTP servers started by the tests.</summary>
public static class FreeTcpPort
{
    /// <summary>A port nothing listens on right now (the OS picks it; another process may still take it later).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
