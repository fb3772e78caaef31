using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RasaOrleans.Testing;

/// <summary>
/// Free TCP ports for the servers, silos and helper processes the tests start. The operating system's "any free
/// port" (bind to 0) comes from its ephemeral range, which outgoing connections (database and HTTP clients,
/// silo-to-silo links) draw from too, so a port let go can be taken by a new connection before the server binds it
/// (a silo once failed in CI with "address already in use" that way). These ports come from below that range, where
/// only listeners go: a sequence per test process from a random start (test processes run side by side), each
/// checked by binding it on every address first.
/// </summary>
public static class FreeTcpPort
{
    private const int Lowest = 10_000;
    private static readonly int s_highest = EphemeralRangeStart() - 1;
    private static int s_next = Random.Shared.Next(s_highest - Lowest + 1);

    /// <summary>A port no socket is bound to right now, outside the range the OS gives outgoing connections.</summary>
    public static int Next()
    {
        var span = s_highest - Lowest + 1;
        for (var attempt = 0; attempt < span; attempt++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref s_next) % (uint)span);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free TCP port between {Lowest} and {s_highest}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        // Linux says "32768	60999"; elsewhere assume the IANA range (49152 and up)
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            var low = int.Parse(range.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
            if (low > Lowest + 1_000)
            {
                return low;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
        }

        return 49_152;
    }
}
